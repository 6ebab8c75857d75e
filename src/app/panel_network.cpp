// Network view: units as circles per layer, the units Dropout zeroed for one sample
// of the current minibatch greyed out, edges coloured by weight sign (blue +, red -)
// and faded by magnitude. Only the strongest edges per layer pair are drawn so that
// wide layers stay readable (and cheap to draw).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

// The n strongest weights of a layer (by magnitude), and the largest magnitude.
static void strongest_edges(const dp::Linear& lin, size_t n, std::vector<NetworkEdges::Edge>* edges,
                            float* wmax) {
  edges->clear();
  edges->reserve(static_cast<size_t>(lin.out) * lin.in);
  *wmax = 1e-12f;
  for (int o = 0; o < lin.out; ++o)
    for (int i = 0; i < lin.in; ++i) {
      const float w = lin.w[static_cast<size_t>(o) * lin.in + i];
      edges->push_back({w, i, o});
      *wmax = std::max(*wmax, std::fabs(w));
    }
  if (edges->size() > n) {
    std::nth_element(edges->begin(), edges->begin() + static_cast<long>(n), edges->end(),
                     [](const NetworkEdges::Edge& a, const NetworkEdges::Edge& b) {
                       return std::fabs(a.w) > std::fabs(b.w);
                     });
    edges->resize(n);
    edges->shrink_to_fit();
  }
}

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
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::SliderInt(tr(S::network_sample), &shown, 1, rows)) s.network_sample = shown - 1;
    mark_widget(s, "network.sample");
    help_marker(tr(S::network_help));
  } else {
    ImGui::TextDisabled("%s", tr(S::network_empty));
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetFontSize();
  if (avail.x < 60 || avail.y < 60) return;
  const int L = static_cast<int>(sizes.size());
  const float top = p0.y + fh * 0.5f, bottom = p0.y + avail.y - fh * 2.5f;
  auto layer_x = [&](int l) {
    return p0.x + fh * 1.5f + (avail.x - fh * 3.0f) * l / std::max(1, L - 1);
  };
  auto unit_y = [&](int l, int u) {
    int n = sizes[l];
    float h = std::min(bottom - top, n * fh * 1.6f);  // small layers stay compact, centred
    float y0 = (top + bottom - h) / 2;
    return y0 + h * (u + 0.5f) / n;
  };
  auto dropped = [&](int l, int u) {  // layer l >= 1 hidden: dropout index l - 1
    if (!have_mask || l < 1 || l >= L - 1) return false;
    const std::vector<uint8_t>& mk = v.layers[l - 1].kept;
    size_t i = static_cast<size_t>(s.network_sample) * sizes[l] + u;
    return i < mk.size() && mk[i] == 0;
  };

  // Edges, the strongest of each layer, taken again when the weights have changed (at
  // most 4 times a second, a layer per frame: a 512 x 512 layer is 262,144 weights).
  constexpr size_t kMaxEdges = 160;
  NetworkEdges& ne = s.edges;
  const double now = s.host->now();
  if (static_cast<int>(ne.layers.size()) != L - 1) {  // a new model: all layers at once
    ne.layers.assign(L - 1, {});
    ne.wmax.assign(L - 1, 1e-12f);
    for (int l = 0; l + 1 < L; ++l)
      strongest_edges(m.linear(l), kMaxEdges, &ne.layers[l], &ne.wmax[l]);
    ne.version = s.model_version;
    ne.taken = now;
    ne.next_layer = L - 1;
  } else if (ne.next_layer < L - 1) {  // a refresh under way: one layer per frame
    const int l = ne.next_layer++;
    strongest_edges(m.linear(l), kMaxEdges, &ne.layers[l], &ne.wmax[l]);
  } else if (ne.version != s.model_version && now - ne.taken >= 0.25) {
    ne.version = s.model_version;
    ne.taken = now;
    ne.next_layer = 0;
  }
  for (int l = 0; l + 1 < L; ++l) {
    const float xa = layer_x(l), xb = layer_x(l + 1);
    for (const NetworkEdges::Edge& e : ne.layers[l]) {
      float t = std::fabs(e.w) / ne.wmax[l];
      int alpha = static_cast<int>(20 + 200 * t * t);
      ImU32 col = dropped(l, e.i) ? IM_COL32(120, 120, 120, alpha / 5)
                  : e.w >= 0      ? IM_COL32(90, 160, 255, alpha)
                                  : IM_COL32(255, 95, 80, alpha);
      // Integer widths take ImGui's cheap textured-line path (software GL in CI).
      dl->AddLine(ImVec2(xa, unit_y(l, e.i)), ImVec2(xb, unit_y(l + 1, e.o)), col,
                  t > 0.6f ? 2.0f : 1.0f);
    }
  }
  // Units.
  for (int l = 0; l < L; ++l) {
    const int n = sizes[l];
    float spacing = (bottom - top) / n;
    float r = std::clamp(spacing * 0.42f, 1.2f, fh * 0.55f);
    int n_dropped = 0;
    for (int u = 0; u < n; ++u) {
      ImVec2 c(layer_x(l), unit_y(l, u));
      bool off = dropped(l, u);
      n_dropped += off ? 1 : 0;
      ImU32 fill = off          ? IM_COL32(85, 85, 90, 255)
                   : l == 0     ? IM_COL32(230, 230, 235, 255)
                   : l == L - 1 ? class_color(u)
                                : IM_COL32(250, 220, 90, 255);
      if (r > 3) {
        dl->AddCircleFilled(c, r, fill, 12);
        dl->AddCircle(c, r, IM_COL32(0, 0, 0, 160), 12);
      } else {  // too small to look round anyway: a square is 2 triangles
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), fill);
      }
    }
    char label[32], sub[32] = "";
    if (l == 0) {
      std::snprintf(label, sizeof label, tr(S::network_in), n);
    } else if (l == L - 1) {
      std::snprintf(label, sizeof label, tr(S::network_out), n);
    } else {
      std::snprintf(label, sizeof label, tr(S::network_hidden), l, n);
      if (have_mask) std::snprintf(sub, sizeof sub, tr(S::network_off), n_dropped);
    }
    for (int line = 0; line < 2; ++line) {
      const char* t = line == 0 ? label : sub;
      float tw = ImGui::CalcTextSize(t).x;
      float lx = std::clamp(layer_x(l) - tw / 2, p0.x, p0.x + avail.x - tw);
      dl->AddText(ImVec2(lx, bottom + fh * (0.3f + line)),
                  line ? IM_COL32(150, 150, 160, 255) : IM_COL32(200, 200, 210, 255), t);
    }
  }
  ImGui::Dummy(avail);
}

}  // namespace app
