// Network view: units as circles per layer, for one sample of the current minibatch.
// A wide layer shows its first units only (at most kMaxShown, fewer when the panel is
// short): the same units as the first columns of that layer's grid in the Masks panel,
// in the same colours. Units Dropout zeroed for the sample are crossed out;
// kept ones are shaded by the value they pass on. Edges run between drawn units only,
// the strongest few of each unit, coloured by the weight's sign (blue +, red -) and
// faded by its size; the edges out of a dropped unit are dotted: it sends nothing on.
//
// Reported for tests: "network.sample" (the slider), "network.layer.L" (the column of
// drawn units of layer L: 0 the input, 1.. the hidden layers as in Masks, the last the
// output), "network.unit.L.I" for each drawn unit (I from 1, the unit's column in Masks)
// and also "network.dropped.L.I" when it is dropped for the selected sample.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

namespace {

constexpr int kMaxShown = 16;     // units drawn per layer at most
constexpr int kEdgesPerUnit = 2;  // each drawn unit's strongest edges in and out

// The edges between the first a units of a layer and the first b of the next one:
// each of those units' kEdgesPerUnit strongest by |w|, in and out; wmax is the largest
// |w| of that a x b block. At most kMaxShown^2 weights are read.
void take_edges(const dp::Linear& lin, int a, int b, std::vector<NetworkEdges::Edge>* edges,
                float* wmax) {
  a = std::min(a, lin.in);
  b = std::min(b, lin.out);
  auto w = [&](int o, int i) { return lin.w[static_cast<size_t>(o) * lin.in + i]; };
  std::vector<uint8_t> pick(static_cast<size_t>(a) * b, 0);
  std::vector<int> idx;
  auto top = [&](int n, auto mag) {  // the indices of the kEdgesPerUnit largest mag(j), j < n
    idx.resize(n);
    for (int j = 0; j < n; ++j) idx[j] = j;
    const int k = std::min(n, kEdgesPerUnit);
    std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                      [&](int x, int y) { return mag(x) > mag(y) || (mag(x) == mag(y) && x < y); });
    idx.resize(k);
  };
  for (int o = 0; o < b; ++o) {
    top(a, [&](int i) { return std::fabs(w(o, i)); });
    for (int i : idx) pick[static_cast<size_t>(o) * a + i] = 1;
  }
  for (int i = 0; i < a; ++i) {
    top(b, [&](int o) { return std::fabs(w(o, i)); });
    for (int o : idx) pick[static_cast<size_t>(o) * a + i] = 1;
  }
  edges->clear();
  *wmax = 1e-12f;
  for (int o = 0; o < b; ++o)
    for (int i = 0; i < a; ++i) {
      *wmax = std::max(*wmax, std::fabs(w(o, i)));
      if (pick[static_cast<size_t>(o) * a + i]) edges->push_back({w(o, i), i, o});
    }
}

// A line of short dashes (ImGui has none).
void dotted_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const int n = std::max(1, static_cast<int>(std::sqrt(dx * dx + dy * dy) / 8.0f));
  for (int k = 0; k < n; ++k) {
    const float t0 = static_cast<float>(k) / n, t1 = (k + 0.45f) / n;
    dl->AddLine(ImVec2(a.x + dx * t0, a.y + dy * t0), ImVec2(a.x + dx * t1, a.y + dy * t1), col,
                1.0f);
  }
}

// The first of the texts that fits in width (else the last).
std::string fitting(const std::vector<std::string>& texts, float width) {
  for (const std::string& t : texts)
    if (ImGui::CalcTextSize(t.c_str()).x <= width) return t;
  return texts.back();
}

}  // namespace

void panel_network(State& s) {
  const dp::Trainer& run = run_of(s);
  if (diverged_note(s)) return;
  const dp::Mlp& m = run.model();
  const std::vector<int>& sizes = m.sizes();
  const BatchView& v = s.batch;
  const int rows = v.shown_rows();  // the samples whose masks are kept
  const bool have_mask = rows > 0 && v.step > 0;
  if (have_mask) {
    s.network_sample = std::clamp(s.network_sample, 0, rows - 1);
    int shown = s.network_sample + 1;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(S::network_sample));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::SliderInt("##sample", &shown, 1, rows)) s.network_sample = shown - 1;
    mark_widget(s, "network.sample");
    help_marker(s, "network.help", tr(S::network_help));
  } else {
    ImGui::TextDisabled("%s", tr(S::network_empty));
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetFontSize();
  if (avail.x < 60 || avail.y < 60) return;
  const int L = static_cast<int>(sizes.size());

  // The text under each layer, longest first (fitting() takes the first that fits): its
  // name, which of its units are drawn (none: all) and how many the sample's mask drops.
  enum Kind { kName, kShown, kOff };
  auto off_of = [&](int l) {  // -1: no mask
    const size_t row = static_cast<size_t>(s.network_sample) * sizes[l];
    const BatchView::Layer* ml = have_mask ? v.layer_for(l) : nullptr;
    if (!ml || row + sizes[l] > ml->kept.size()) return -1;
    const auto first = ml->kept.begin() + static_cast<long>(row);
    return static_cast<int>(std::count(first, first + sizes[l], uint8_t{0}));
  };
  auto texts = [&](Kind k, int l, int drawn) -> std::vector<std::string> {
    const int n = sizes[l];
    // Each Dropout's p of the last batch (or of the config before the first) by its layer.
    const BatchView::Layer* ml = have_mask ? v.layer_for(l) : nullptr;
    if (k == kName && l == 0) {
      const double pin = ml ? ml->p : s.cfg.input_dropout;
      if (m.has_input_dropout() || pin > 0)
        return {trf(S::network_in_p, n, pin), trf(S::network_in, n)};
      return {trf(S::network_in, n)};
    }
    if (k == kName && l == L - 1) return {trf(S::network_out, n)};
    if (k == kName)
      return {trf(S::network_hidden_p, l, n, ml ? ml->p : dp::hidden_dropout(s.cfg, l - 1)),
              trf(S::network_hidden, l, n), trf(S::network_hidden_short, l, n),
              trf(S::network_hidden_tiny, l)};
    if (k == kShown) {
      if (drawn >= n) return {};
      return {trf(S::network_shown_first, drawn), trf(S::network_shown, drawn),
              trf(S::network_shown_tiny, drawn)};
    }
    const int off = off_of(l);
    if (off < 0) return {};
    return {trf(S::network_off, off, n, 100.0 * off / n),
            trf(S::network_off_pct, off, n, 100.0 * off / n), trf(S::network_off_short, off, n),
            trf(S::network_off_tiny, off)};
  };
  // A kind of text takes one row, or two when a layer's shortest is wider than a column:
  // then alternate layers take turns, each with twice the width. Which units are drawn is
  // then one line for all (the layers drawn in part all show as many).
  const float col_w = (avail.x - fh * 3.0f) / std::max(1, L - 1) - fh * 0.5f;
  struct Row {
    Kind kind;
    bool split, common;
  };
  std::vector<Row> text_rows;
  auto add_row = [&](Kind k) {
    bool split = false;
    for (int l = 0; l < L; ++l) {
      const std::vector<std::string> t = texts(k, l, kMaxShown);
      split = split || (!t.empty() && ImGui::CalcTextSize(t.back().c_str()).x > col_w);
    }
    text_rows.push_back({k, split && k != kShown, split && k == kShown});
  };
  auto n_rows = [&] {
    int n = 0;
    for (const Row& r : text_rows) n += r.split ? 2 : 1;
    return n;
  };
  add_row(kName);
  if (have_mask && L > 2) add_row(kOff);

  // How many units of each layer are drawn: what fits at a pitch of 8 px circles and a
  // gap, kMaxShown at most; a layer drawn in part has one more slot, for the ellipsis.
  const float min_pitch = std::max(11.0f, fh * 0.85f);
  const float top = p0.y + fh * 0.5f;
  auto bottom_for = [&](int lines) { return p0.y + avail.y - fh * (0.5f + lines); };
  auto shown_of = [&](int n, int fit) {
    return n <= std::min(fit, kMaxShown) ? n : std::max(1, std::min(kMaxShown, fit - 1));
  };
  auto fit_of = [&](float b) { return std::max(2, static_cast<int>((b - top) / min_pitch)); };
  float bottom = bottom_for(n_rows());
  bool partial = false;
  for (int n : sizes) partial = partial || shown_of(n, fit_of(bottom)) < n;
  if (partial) {
    add_row(kShown);
    std::swap(text_rows[1], text_rows.back());  // under the name, over the count
    bottom = bottom_for(n_rows());
  }
  std::vector<int> shown(L);
  for (int l = 0; l < L; ++l) shown[l] = shown_of(sizes[l], fit_of(bottom));

  auto slots = [&](int l) { return shown[l] + (shown[l] < sizes[l] ? 1 : 0); };
  auto span = [&](int l) { return std::min(bottom - top, slots(l) * fh * 1.6f); };
  auto layer_x = [&](int l) {
    return p0.x + fh * 1.5f + (avail.x - fh * 3.0f) * l / std::max(1, L - 1);
  };
  auto unit_y = [&](int l, int u) {  // small layers stay compact, centred
    const float h = span(l);
    return (top + bottom - h) / 2 + h * (u + 0.5f) / slots(l);
  };
  auto radius = [&](int l) { return std::clamp(span(l) / slots(l) * 0.4f, 4.0f, fh * 0.55f); };
  auto dropped = [&](int l, int u) {  // the Dropout over layer l's units (the input's too)
    const BatchView::Layer* ml = have_mask ? v.layer_for(l) : nullptr;
    if (!ml) return false;
    const std::vector<uint8_t>& mk = ml->kept;
    const size_t i = static_cast<size_t>(s.network_sample) * sizes[l] + u;
    return i < mk.size() && mk[i] == 0;
  };

  // Edges between the drawn units, taken again when the weights have changed (at most 4
  // times a second) or other units are drawn: a few hundred weights per layer.
  NetworkEdges& ne = s.edges;
  const double now = s.host->now();
  if (ne.shown != shown || (ne.version != s.model_version && now - ne.taken >= 0.25)) {
    ne.layers.resize(L - 1);
    ne.wmax.resize(L - 1);
    for (int l = 0; l + 1 < L; ++l)
      take_edges(m.linear(l), shown[l], shown[l + 1], &ne.layers[l], &ne.wmax[l]);
    ne.shown = shown;
    ne.version = s.model_version;
    ne.taken = now;
  }
  for (int pass = 0; pass < 2; ++pass)  // the dotted ones under the others
    for (int l = 0; l + 1 < L; ++l) {
      const float xa = layer_x(l), xb = layer_x(l + 1);
      for (const NetworkEdges::Edge& e : ne.layers[l]) {
        const ImVec2 a(xa, unit_y(l, e.i)), b(xb, unit_y(l + 1, e.o));
        const bool from_dropped = dropped(l, e.i);
        if (pass == 0) {
          if (from_dropped) dotted_line(dl, a, b, IM_COL32(150, 150, 160, 110));
          continue;
        }
        if (from_dropped) continue;
        const float t = std::fabs(e.w) / ne.wmax[l];
        int alpha = static_cast<int>(30 + 130 * t * t);
        if (dropped(l + 1, e.o)) alpha /= 3;  // into a unit whose output is zeroed
        const ImU32 col = e.w >= 0 ? IM_COL32(90, 160, 255, alpha) : IM_COL32(255, 95, 80, alpha);
        // Integer widths take ImGui's cheap textured-line path (software GL in CI).
        dl->AddLine(a, b, col, t > 0.7f ? 2.0f : 1.0f);
      }
    }

  // Units, their ellipsis and the labels under each layer.
  char id[48];
  for (int l = 0; l < L; ++l) {
    const int n = sizes[l];
    const float x = layer_x(l), r = radius(l);
    const BatchView::Layer* bl = have_mask ? v.layer_for(l) : nullptr;
    ImGui::PushID(l);
    for (int u = 0; u < shown[l]; ++u) {
      const ImVec2 c(x, unit_y(l, u));
      const bool off = dropped(l, u);
      const size_t cell = static_cast<size_t>(s.network_sample) * n + u;
      const bool have_cell = bl && cell < bl->out.size();
      if (off) {  // the colour of a dropped cell in Masks, crossed out
        const ImU32 red = IM_COL32(255, 85, 85, 255);
        const float d = r * 0.72f;
        dl->AddCircleFilled(c, r, kDroppedColor, 12);
        dl->AddCircle(c, r, red, 12, 1.0f);
        dl->AddLine(ImVec2(c.x - d, c.y - d), ImVec2(c.x + d, c.y + d), red, 2.0f);
        dl->AddLine(ImVec2(c.x - d, c.y + d), ImVec2(c.x + d, c.y - d), red, 2.0f);
      } else {
        const ImU32 fill = l == 0       ? IM_COL32(230, 230, 235, 255)
                           : l == L - 1 ? class_color(u)
                           : have_cell  ? kept_shade_color(std::fabs(bl->out[cell]) / bl->vmax)
                                        : kKeptColor;
        dl->AddCircleFilled(c, r, fill, 12);
        dl->AddCircle(c, r, IM_COL32(210, 210, 220, 200), 12, 1.0f);
      }
      ImGui::SetCursorScreenPos(ImVec2(c.x - r, c.y - r));
      ImGui::PushID(u);
      ImGui::InvisibleButton("##unit", ImVec2(2 * r, 2 * r));
      ImGui::PopID();
      std::snprintf(id, sizeof id, "network.unit.%d.%d", l, u + 1);
      mark_widget(s, id);
      if (off) {
        std::snprintf(id, sizeof id, "network.dropped.%d.%d", l, u + 1);
        mark_widget(s, id);
      }
      if (have_cell && ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "%s",
            off ? trf(S::network_unit_dropped, l, u + 1, s.network_sample + 1, bl->in[cell]).c_str()
                : trf(S::network_unit_kept, l, u + 1, s.network_sample + 1, bl->in[cell],
                      bl->out[cell])
                      .c_str());
    }
    const float y_first = unit_y(l, 0), y_last = unit_y(l, slots(l) - 1);
    if (shown[l] < n) {  // a vertical ellipsis in the slot after the last drawn unit
      const float dot = std::max(1.5f, r * 0.22f);
      for (int k = -1; k <= 1; ++k)
        dl->AddCircleFilled(ImVec2(x, y_last + k * r * 0.75f), dot, IM_COL32(200, 200, 210, 255),
                            8);
    }
    ImGui::SetCursorScreenPos(ImVec2(x - r - 2, y_first - r - 2));
    ImGui::Dummy(ImVec2(2 * r + 4, y_last - y_first + 2 * r + 4));
    std::snprintf(id, sizeof id, "network.layer.%d", l);
    mark_widget(s, id);
    ImGui::PopID();
  }
  int line = 0;
  for (const Row& row : text_rows) {
    for (int l = 0; l < L && row.common; ++l) {
      if (shown[l] == sizes[l]) continue;
      const std::string text = trf(S::network_shown_all, shown[l]);
      const float tw = ImGui::CalcTextSize(text.c_str()).x;
      dl->AddText(ImVec2(std::max(p0.x, p0.x + (avail.x - tw) / 2), bottom + fh * (0.3f + line)),
                  IM_COL32(150, 150, 160, 255), text.c_str());
      break;
    }
    for (int l = 0; l < L && !row.common; ++l) {
      const std::vector<std::string> t = texts(row.kind, l, shown[l]);
      if (t.empty()) continue;
      // A label at either end cannot centre on its layer: it gets the margin and half a column.
      const bool edge = l == 0 || l == L - 1;
      const float room = row.split ? col_w * 2 + fh * 0.5f : edge ? fh * 1.5f + col_w / 2 : col_w;
      const std::string text = fitting(t, room);
      const float tw = ImGui::CalcTextSize(text.c_str()).x, x = layer_x(l);
      const float lx = std::clamp(x - tw / 2, p0.x, p0.x + avail.x - tw);
      const float y = bottom + fh * (0.3f + line + (row.split ? l % 2 : 0));
      const ImU32 col = row.kind == kName  ? IM_COL32(200, 200, 210, 255)
                        : row.kind == kOff ? IM_COL32(235, 130, 130, 255)
                                           : IM_COL32(150, 150, 160, 255);
      dl->AddText(ImVec2(lx, y), col, text.c_str());
    }
    line += row.split ? 2 : 1;
  }
  ImGui::SetCursorScreenPos(p0);
  ImGui::Dummy(avail);
}

}  // namespace app
