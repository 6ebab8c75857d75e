// The lesson panel: the list of lessons with their completion marks, or the lesson
// open: its title and intro, its steps as dots, the current step's instruction and
// checks (each ticked when it holds), the hint on request, the explanation once the
// step is done, Previous and Next, and the closing question with feedback for each
// answer. What the step points at is framed over the panels (lesson_highlights).
#include <algorithm>
#include <cmath>
#include <string>

#include "app/lessons.h"
#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace app {

const PanelInfo kLessonPanel = {"lesson", S::panel_lesson_title, S::panel_lesson_embed,
                                S::panel_lesson_tab, panel_lesson, Slot::Left, 0.0f};

namespace {

constexpr ImU32 kAccent = IM_COL32(255, 200, 70, 255);  // what the lesson points at
const ImVec4 kDoneColor = ImVec4(0.55f, 0.90f, 0.60f, 1.0f);

// A tick (met) or an empty ring (not yet) at the start of the line, the size of the text.
void mark(bool met) {
  const float sz = ImGui::GetFontSize();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (met)
    ImGui::RenderCheckMark(dl, ImVec2(p.x + 1, p.y + 1), ImGui::ColorConvertFloat4ToU32(kDoneColor), sz - 2);
  else
    dl->AddCircle(ImVec2(p.x + sz / 2, p.y + sz / 2), sz * 0.36f, ImGui::GetColorU32(ImGuiCol_TextDisabled), 12, 1.5f);
  ImGui::Dummy(ImVec2(sz, sz));
  ImGui::SameLine();
}

// A clickable row of wrapped text after a marker (a lesson of the list, an answer): the
// whole row is the button, so that a long text never runs off the panel.
enum class Marker { Tick, Ring, RadioOn, RadioOff };
bool option_row(State& s, const char* id, const std::string& text, Marker m) {
  const float fh = ImGui::GetFontSize(), gap = ImGui::GetStyle().ItemInnerSpacing.x;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float w = std::max(fh * 4, ImGui::GetContentRegionAvail().x);
  const float wrap = w - fh - gap;
  const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
  const float h = std::max(ts.y, fh) + 4;
  ImGui::PushID(id);
  const bool pressed = ImGui::InvisibleButton("##row", ImVec2(w, h));
  ImGui::PopID();
  const bool hovered = ImGui::IsItemHovered();
  mark_widget(s, id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (hovered) dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), ImGui::GetColorU32(ImGuiCol_HeaderHovered), 3.0f);
  const ImVec2 c(o.x + fh / 2, o.y + 2 + fh / 2);
  const ImU32 done = ImGui::ColorConvertFloat4ToU32(kDoneColor), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  if (m == Marker::Tick) ImGui::RenderCheckMark(dl, ImVec2(o.x + 1, o.y + 3), done, fh - 2);
  if (m == Marker::Ring) dl->AddCircle(c, fh * 0.36f, dim, 12, 1.5f);
  if (m == Marker::RadioOn || m == Marker::RadioOff) {
    dl->AddCircle(c, fh * 0.42f, ImGui::GetColorU32(ImGuiCol_Text), 16, 1.5f);
    if (m == Marker::RadioOn) dl->AddCircleFilled(c, fh * 0.22f, ImGui::GetColorU32(ImGuiCol_CheckMark), 12);
  }
  dl->AddText(nullptr, 0.0f, ImVec2(o.x + fh + gap, o.y + 2), ImGui::GetColorU32(ImGuiCol_Text), text.c_str(),
              nullptr, wrap);
  return pressed;
}

bool is_completed(const State& s, const std::string& id) {
  const std::vector<std::string>& c = s.lesson.completed;
  return std::find(c.begin(), c.end(), id) != c.end();
}

void lesson_list(State& s) {
  const std::vector<Lesson>& ls = lessons();
  int done = 0;
  for (const Lesson& L : ls) done += is_completed(s, L.id);
  ImGui::TextUnformatted(tr(S::lesson_list_title));
  ImGui::TextDisabled(tr(S::lesson_completed_count), done, static_cast<int>(ls.size()));
  ImGui::Separator();
  for (const Lesson& L : ls) {
    const std::string id = "lesson.open." + std::to_string(L.number);
    if (option_row(s, id.c_str(), std::to_string(L.number) + ". " + L.title.get(),
                   is_completed(s, L.id) ? Marker::Tick : Marker::Ring))
      open_lesson(s, L.id, 0);
  }
  ImGui::Spacing();
  if (ImGui::Button(tr(S::lesson_close))) close_lesson(s);
  mark_widget(s, "lesson.close");
}

// The steps as dots (done: filled), then the question's.
void progress_dots(State& s, const Lesson& L) {
  const float r = ImGui::GetFontSize() * 0.3f, gap = r * 3.2f;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int n = static_cast<int>(L.steps.size());
  for (int i = 0; i <= n; ++i) {
    const ImVec2 c(o.x + r + i * gap, o.y + ImGui::GetFontSize() / 2);
    const bool done = i < n ? s.lesson.done[i] : lesson_complete(s);
    const ImU32 col = done ? ImGui::ColorConvertFloat4ToU32(kDoneColor) : ImGui::GetColorU32(ImGuiCol_TextDisabled);
    if (done)
      dl->AddCircleFilled(c, r, col, 12);
    else
      dl->AddCircle(c, r, col, 12, 1.5f);
    if (i == s.lesson.step) dl->AddCircle(c, r + 3, kAccent, 16, 1.5f);
  }
  ImGui::Dummy(ImVec2((n + 1) * gap, ImGui::GetFontSize()));
  mark_widget(s, "lesson.progress");
}

void question(State& s, const Lesson& L) {
  ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "%s", tr(S::lesson_question));
  ImGui::TextUnformatted(L.question.get());
  const int chosen = s.lesson.answer;
  const bool steps_done = std::all_of(s.lesson.done.begin(), s.lesson.done.end(), [](bool d) { return d; });
  for (size_t k = 0; k < L.answers.size(); ++k) {
    const Answer& a = L.answers[k];
    const std::string id = "lesson.answer." + std::to_string(k + 1);
    if (option_row(s, id.c_str(), std::string(1, static_cast<char>('A' + k)) + ". " + a.text.get(),
                   chosen == static_cast<int>(k) ? Marker::RadioOn : Marker::RadioOff))
      answer_question(s, static_cast<int>(k));
  }
  if (chosen >= 0) {
    const Answer& a = L.answers[chosen];
    ImGui::Spacing();
    ImGui::TextColored(a.right ? kDoneColor : kNoticeColor, "%s", a.feedback.get());
    mark_widget(s, "lesson.feedback");
    if (!a.right) ImGui::TextDisabled("%s", tr(S::lesson_try_again));
  }
  if (lesson_complete(s)) {
    ImGui::Spacing();
    ImGui::TextColored(kDoneColor, "%s", tr(S::lesson_complete));
    mark_widget(s, "lesson.complete");
  } else if (chosen >= 0 && L.answers[chosen].right && !steps_done) {
    ImGui::TextColored(kNoticeColor, "%s", tr(S::lesson_steps_left));
  }
}

void current_step(State& s, const Lesson& L) {
  const LessonStep& st = L.steps[s.lesson.step];
  const bool done = s.lesson.done[s.lesson.step];
  ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), tr(S::lesson_step_of), s.lesson.step + 1,
                     static_cast<int>(L.steps.size()));
  ImGui::TextUnformatted(st.instruction.get());
  mark_widget(s, "lesson.instruction");
  for (size_t k = 0; k < st.checks.size(); ++k) {
    const bool met = done || check_met(s, st.checks[k]);
    ImGui::BeginGroup();
    mark(met);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(met ? ImGuiCol_Text : ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(describe_check(s, st.checks[k]).c_str());
    ImGui::PopStyleColor();
    ImGui::EndGroup();
    mark_widget(s, ("lesson.check." + std::to_string(k + 1)).c_str());
  }
  if (done) {
    ImGui::Spacing();
    ImGui::TextColored(kDoneColor, "%s", tr(S::lesson_step_done));
    ImGui::TextColored(kDoneColor, "%s", st.explanation.get());
    mark_widget(s, "lesson.explanation");
    if (s.lesson.scroll == 2) ImGui::SetScrollHereY(1.0f), s.lesson.scroll = 0;
  } else {
    if (ImGui::SmallButton(tr(s.lesson.hint ? S::lesson_hint_hide : S::lesson_hint_show)))
      s.lesson.hint = !s.lesson.hint;
    mark_widget(s, "lesson.hint");
    if (s.lesson.hint) {
      ImGui::TextDisabled("%s", st.hint.get());
      mark_widget(s, "lesson.hint_text");
    }
  }
}

}  // namespace

void panel_lesson(State& s) {
  ImGui::PushTextWrapPos(0);
  const Lesson* L = current_lesson(s);
  if (!L) {
    lesson_list(s);
    ImGui::PopTextWrapPos();
    return;
  }
  const int n = static_cast<int>(L->steps.size());
  ImGui::TextDisabled(tr(S::lesson_header), L->number, static_cast<int>(lessons().size()));
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(S::lesson_all))) show_lesson_list(s);
  mark_widget(s, "lesson.list");
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(S::lesson_close))) close_lesson(s);
  mark_widget(s, "lesson.close");
  ImGui::TextColored(ImVec4(1, 1, 1, 1), "%s", L->title.get());
  mark_widget(s, "lesson.title");
  progress_dots(s, *L);
  // The step scrolls in the room left; Previous and Next stay at the bottom, in view.
  const ImGuiStyle& st = ImGui::GetStyle();
  // Previous, Next (or Next lesson) and Start over on one line, or Start over on a second.
  auto button_w = [&](S label) { return ImGui::CalcTextSize(tr(label)).x + 2 * st.FramePadding.x; };
  const S next_label = s.lesson.step + 1 < n ? S::lesson_next
                       : s.lesson.step < n   ? S::lesson_to_question
                                             : S::lesson_next_lesson;
  const bool one_line = button_w(S::lesson_prev) + button_w(next_label) + button_w(S::lesson_restart) +
                            2 * st.ItemSpacing.x <= ImGui::GetContentRegionAvail().x;
  const float footer = ImGui::GetFrameHeight() * (one_line ? 1 : 2) + st.ItemSpacing.y * (one_line ? 2 : 3) +
                       st.WindowPadding.y;
  ImGui::BeginChild("##lesson_body", ImVec2(0, std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().y - footer)));
  ImGui::PushTextWrapPos(0);
  if (s.lesson.scroll == 1) ImGui::SetScrollY(0), s.lesson.scroll = 0;
  // The intro shows on the first step; later, and on a phone's short tab, it folds away.
  if (s.lesson.step == 0 && !s.phone) {
    ImGui::TextDisabled("%s", L->intro.get());
  } else if (ImGui::TreeNode(tr(S::lesson_about))) {
    ImGui::TextDisabled("%s", L->intro.get());
    ImGui::TreePop();
  }
  ImGui::Separator();
  if (s.lesson.step < n)
    current_step(s, *L);
  else
    question(s, *L);
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  ImGui::Separator();
  // Previous and Next (the last step's Next leads to the question).
  ImGui::BeginDisabled(s.lesson.step == 0);
  if (ImGui::Button(tr(S::lesson_prev))) go_to_step(s, s.lesson.step - 1);
  mark_widget(s, "lesson.prev");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (s.lesson.step < n) {
    const bool ready = s.lesson.done[s.lesson.step];
    if (ready) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.20f, 0.45f, 0.28f, 1.0f));
    if (ImGui::Button(tr(next_label)))
      go_to_step(s, s.lesson.step + 1);
    if (ready) ImGui::PopStyleColor();
    mark_widget(s, "lesson.next");
  } else if (lesson_complete(s) && L->number < static_cast<int>(lessons().size())) {
    if (ImGui::Button(tr(S::lesson_next_lesson))) open_lesson(s, lessons()[L->number].id, 0);
    mark_widget(s, "lesson.next_lesson");
  }
  if (one_line) ImGui::SameLine();
  if (ImGui::Button(tr(S::lesson_restart))) open_lesson(s, L->id, 0);
  mark_widget(s, "lesson.restart");
  item_tooltip(tr(S::lesson_restart_tip));
  ImGui::PopTextWrapPos();
}

void lesson_highlights(State& s) {
  const Lesson* L = current_lesson(s);
  if (!L || !s.lesson.open) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  auto frame = [&](const std::string& id, float thick, ImU32 col) {
    WidgetRect r;
    if (!widget_rect(s, id, &r)) return;
    dl->AddRect(ImVec2(r.x - 2, r.y - 2), ImVec2(r.x + r.w + 2, r.y + r.h + 2), col, 3.0f, 0, thick);
  };
  for (const std::string& p : L->highlight) frame("panel." + p, 1.0f, IM_COL32(255, 200, 70, 110));
  if (s.lesson.step >= static_cast<int>(L->steps.size()) || s.lesson.done[s.lesson.step]) return;
  // The step's targets pulse gently (about once a second).
  const float t = static_cast<float>(s.host->now());
  const int a = 150 + static_cast<int>(100 * (0.5f + 0.5f * std::sin(t * 6.2832f)));
  for (const std::string& id : L->steps[s.lesson.step].highlight)
    frame(id, 2.5f, IM_COL32(255, 200, 70, a));
}

}  // namespace app
