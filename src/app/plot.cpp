// Plot widget: axes with "nice" ticks (1-2-5 steps; decades on log axes), grid,
// clipped polylines (dashed and dotted ones keep their phase across segments; more points
// than pixel columns are thinned per column), legend, labels at line ends.
// A dense line costs what a 200-point one does: on a 600-pixel plot a 200-point line has
// a point every 3 pixels, and a dense line is drawn in 3-pixel columns, two triangles
// each (a band from the column's lowest to its highest value; dashed or dotted: one
// point per column, midway between them). Software WebGL (SwiftShader) pays per triangle.
#include "app/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace plot {
namespace {

const ImU32 kAxisColor = IM_COL32(170, 170, 180, 255);
const ImU32 kGridColor = IM_COL32(255, 255, 255, 22);
const ImU32 kTextColor = IM_COL32(200, 200, 210, 255);
const float kDenseColumnPixels = 3;  // the column of a dense line (see the top of the file)

// Dash and gap lengths of a stroke, in pixels.
void pattern(Stroke stroke, float* dash, float* gap) {
  if (stroke == Stroke::Dotted) {
    *dash = 2;
    *gap = 4;
  } else {
    *dash = 7;
    *gap = 5;
  }
}

double nice_step(double range, int target) {
  double raw = range / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double f = raw / mag;
  double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
  return nice * mag;
}

void format_tick(double v, char* buf, size_t n) {
  if (std::fabs(v) < 1e-12) v = 0;
  std::snprintf(buf, n, "%g", v);
}

}  // namespace

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash,
                 float gap, float* phase) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  float period = dash + gap;
  float t = 0;
  while (t < len) {
    float ph = std::fmod(*phase, period);
    float seg = ph < dash ? std::min(dash - ph, len - t) : std::min(period - ph, len - t);
    if (ph < dash) {
      ImVec2 p0(a.x + dx * t / len, a.y + dy * t / len);
      ImVec2 p1(a.x + dx * (t + seg) / len, a.y + dy * (t + seg) / len);
      dl->AddLine(p0, p1, color, thickness);
    }
    t += seg;
    *phase += seg;
  }
}

void column_extremes(const std::vector<ImVec2>& in, float x0, float col_w,
                     std::vector<ColumnExtremes>* out) {
  out->clear();
  const int n = static_cast<int>(in.size());
  if (!(col_w > 0)) col_w = 1;
  for (int i = 0; i < n;) {
    const float col_end = x0 + (std::floor((in[i].x - x0) / col_w) + 1) * col_w;
    ColumnExtremes c{i, i};
    for (++i; i < n && in[i].x < col_end; ++i) {
      if (in[i].y < in[c.lo].y) c.lo = i;
      if (in[i].y > in[c.hi].y) c.hi = i;
    }
    out->push_back(c);
  }
}

Range auto_range(const std::vector<const std::vector<float>*>& series, bool for_log) {
  double lo = INFINITY, hi = -INFINITY;
  for (const std::vector<float>* s : series) {
    for (float v : *s) {
      if (!std::isfinite(v) || (for_log && v <= 0)) continue;
      lo = std::min(lo, static_cast<double>(v));
      hi = std::max(hi, static_cast<double>(v));
    }
  }
  if (!(lo <= hi)) return for_log ? Range{0.01, 10} : Range{0, 1};
  if (for_log) {
    lo = std::pow(10.0, std::floor(std::log10(lo) * 4) / 4);  // quarter decades
    hi = std::pow(10.0, std::ceil(std::log10(hi) * 4) / 4);
    if (hi / lo < 10) hi = lo * 10;
    return {lo, hi};
  }
  double pad = (hi - lo) * 0.05;
  if (pad == 0) pad = std::max(std::fabs(hi) * 0.1, 0.1);
  double y0 = lo - pad;
  if (lo >= 0 && y0 < 0) y0 = 0;  // losses and accuracies: keep 0 as the floor
  return {y0, hi + pad};
}

float Plot::sy(double y) const {
  double t;
  if (log_y_) {
    t = (std::log10(std::max(y, 1e-30)) - ly_min_) / ly_span_;
  } else {
    t = (y - y_.min) / (y_.max - y_.min);
  }
  return static_cast<float>(area_.Max.y - t * (area_.Max.y - area_.Min.y));
}

ImVec2 Plot::to_screen(double x, double y) const {
  double t = (x - x_.min) / (x_.max - x_.min);
  return ImVec2(static_cast<float>(area_.Min.x + t * (area_.Max.x - area_.Min.x)), sy(y));
}

bool Plot::begin(const char* id, ImVec2 size, Range x, Range y, bool log_y, const char* x_label,
                 const char* y_label) {
  x_ = x;
  y_ = y;
  log_y_ = log_y;
  if (x_.max <= x_.min) x_.max = x_.min + 1;
  if (y_.max <= y_.min) y_.max = y_.min + 1;
  if (log_y_ && y_.min <= 0) {
    y_.min = 1e-3;
    if (y_.max <= y_.min) y_.max = 1;
  }
  ly_min_ = std::log10(y_.min);
  ly_span_ = std::log10(y_.max) - ly_min_;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = avail.x;
  if (size.y <= 0) size.y = avail.y;
  if (size.x < 120 || size.y < 80) return false;
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  hovered_ = ImGui::IsItemHovered();
  frame_ = ImRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));
  const float fh = ImGui::GetFontSize();
  dl_ = nullptr;
  const float legend_x = legend_full_width_ ? 0 : fh * 4.2f;
  float legend_h = draw_legend(ImVec2(0, 0), size.x - legend_x);  // measure only
  dl_ = ImGui::GetWindowDrawList();
  draw_legend(ImVec2(frame_.Min.x + legend_x, frame_.Min.y), size.x - legend_x);
  // Room for the legend above, y tick labels on the left, x labels below, axis titles.
  area_ = ImRect(ImVec2(frame_.Min.x + fh * 4.2f, frame_.Min.y + legend_h + fh * 1.4f),
                 ImVec2(frame_.Max.x - fh * 0.8f, frame_.Max.y - fh * 2.6f));
  dl_->AddRectFilled(area_.Min, area_.Max, IM_COL32(20, 20, 26, 255));

  char buf[32];
  // X ticks.
  double step = nice_step(x_.max - x_.min, std::max(2, static_cast<int>(area_.GetWidth() / 70)));
  for (double v = std::ceil(x_.min / step) * step; v <= x_.max + step * 1e-6; v += step) {
    float sx = to_screen(v, y_.min).x;
    dl_->AddLine(ImVec2(sx, area_.Min.y), ImVec2(sx, area_.Max.y), kGridColor);
    dl_->AddLine(ImVec2(sx, area_.Max.y), ImVec2(sx, area_.Max.y + 4), kAxisColor);
    format_tick(v, buf, sizeof buf);
    float tw = ImGui::CalcTextSize(buf).x;
    dl_->AddText(ImVec2(sx - tw / 2, area_.Max.y + 5), kTextColor, buf);
  }
  // Y ticks.
  auto ytick = [&](double v, bool label, bool major) {
    float py = sy(v);
    if (py < area_.Min.y - 0.5f || py > area_.Max.y + 0.5f) return;
    dl_->AddLine(ImVec2(area_.Min.x, py), ImVec2(area_.Max.x, py),
                 major ? kGridColor : IM_COL32(255, 255, 255, 10));
    dl_->AddLine(ImVec2(area_.Min.x - 4, py), ImVec2(area_.Min.x, py), kAxisColor);
    if (label) {
      format_tick(v, buf, sizeof buf);
      float tw = ImGui::CalcTextSize(buf).x;
      dl_->AddText(ImVec2(area_.Min.x - 6 - tw, py - fh / 2), kTextColor, buf);
    }
  };
  if (log_y_) {
    int d0 = static_cast<int>(std::floor(std::log10(y_.min))),
        d1 = static_cast<int>(std::ceil(std::log10(y_.max)));
    int decades = d1 - d0;
    // Many decades (a diverging run): label every k-th decade so the labels
    // never overlap, and draw the 2..9 lines only while there is room for them.
    const int max_labels = std::max(2, static_cast<int>(area_.GetHeight() / (1.6f * fh)));
    const int every = std::max(1, (decades + max_labels - 1) / max_labels);
    const bool minors = decades * 9 <= area_.GetHeight() / 3;
    for (int d = d0; d <= d1; ++d) {
      double base = std::pow(10.0, d);
      for (int m = 1; m <= 9; ++m) {
        if (m > 1 && !minors) continue;
        double v = base * m;
        bool label =
            (m == 1 && ((d % every) + every) % every == 0) || (decades <= 2 && (m == 2 || m == 5));
        ytick(v, label, m == 1);
      }
    }
  } else {
    double ys = nice_step(y_.max - y_.min, std::max(2, static_cast<int>(area_.GetHeight() / 40)));
    for (double v = std::ceil(y_.min / ys) * ys; v <= y_.max + ys * 1e-6; v += ys)
      ytick(v, true, true);
  }
  dl_->AddRect(area_.Min, area_.Max, kAxisColor);
  // Axis titles.
  float tw = ImGui::CalcTextSize(x_label).x;
  dl_->AddText(ImVec2((area_.Min.x + area_.Max.x - tw) / 2, area_.Max.y + fh * 1.35f), kTextColor,
               x_label);
  dl_->AddText(ImVec2(area_.Min.x + 2, area_.Min.y - fh - 2), kTextColor, y_label);

  if (hovered_) {
    ImVec2 m = ImGui::GetIO().MousePos;
    hovered_ = area_.Contains(m);
    hover_x_ = x_.min + (m.x - area_.Min.x) / area_.GetWidth() * (x_.max - x_.min);
  }
  dl_->PushClipRect(area_.Min, area_.Max, true);
  return true;
}

void Plot::draw_run(const std::vector<ImVec2>& pts, ImU32 color, float thickness, Stroke stroke,
                    float* phase) {
  if (pts.size() == 1) dl_->AddCircleFilled(pts[0], thickness, color);
  if (pts.size() < 2) return;
  if (stroke != Stroke::Solid) {
    float dash, gap;
    pattern(stroke, &dash, &gap);
    for (size_t i = 1; i < pts.size(); ++i)
      dashed_line(dl_, pts[i - 1], pts[i], color, thickness, dash, gap, phase);
  } else {
    dl_->AddPolyline(pts.data(), static_cast<int>(pts.size()), color, 0, thickness);
  }
}

// One triangle strip through the columns: top[i] above bottom[i] (no anti-aliasing: a
// band of columns has no slanted edges worth smoothing).
void Plot::draw_band(const std::vector<ImVec2>& top, const std::vector<ImVec2>& bottom,
                     ImU32 color) {
  const int m = static_cast<int>(top.size());
  if (m < 2) return;
  dl_->PrimReserve((m - 1) * 6, m * 2);
  const ImVec2 uv = dl_->_Data->TexUvWhitePixel;
  const unsigned int base = dl_->_VtxCurrentIdx;
  for (int i = 0; i < m; ++i) {
    dl_->PrimWriteVtx(top[i], uv, color);
    dl_->PrimWriteVtx(bottom[i], uv, color);
  }
  for (int i = 0; i + 1 < m; ++i) {
    const unsigned int v = base + 2 * i;  // top i, bottom i, top i + 1, bottom i + 1
    for (unsigned int k : {v, v + 1, v + 2, v + 1, v + 3, v + 2})
      dl_->PrimWriteIdx(static_cast<ImDrawIdx>(k));
  }
}

void Plot::line(const float* x, const float* y, int n, ImU32 color, float thickness,
                Stroke stroke) {
  float phase = 0;
  // Pixel columns, in ImGui units (the framebuffer may have more pixels than units).
  const float fb_scale = std::max(ImGui::GetIO().DisplayFramebufferScale.x, 1.0f);
  const size_t columns = static_cast<size_t>(std::max(1.0f, area_.GetWidth() * fb_scale));
  const float dense_w = kDenseColumnPixels / fb_scale;
  // An unbroken run of points: its screen x and its data y (the y transform, a log on log
  // axes, only for the points drawn).
  std::vector<ImVec2> run, pts, bottom;
  std::vector<ColumnExtremes> cols;
  run.reserve(static_cast<size_t>(std::max(n, 0)));
  auto flush = [&]() {
    pts.clear();
    if (run.size() <= columns) {
      for (const ImVec2& r : run) pts.emplace_back(r.x, sy(r.y));
      draw_run(pts, color, thickness, stroke, &phase);
    } else if (stroke != Stroke::Solid) {
      // One point per column, midway between its extremes: dashes along a zigzag through
      // every column's extremes would cost many times the dashes of a short run.
      column_extremes(run, area_.Min.x, dense_w, &cols);
      for (const ColumnExtremes& c : cols) {
        const float cx =
            (std::floor((run[c.lo].x - area_.Min.x) / dense_w) + 0.5f) * dense_w + area_.Min.x;
        pts.emplace_back(cx, (sy(run[c.lo].y) + sy(run[c.hi].y)) / 2);
      }
      draw_run(pts, color, thickness, stroke, &phase);
    } else {
      // A band through the columns, from each one's lowest to its highest value, at least
      // the line's thickness tall.
      column_extremes(run, area_.Min.x, dense_w, &cols);
      bottom.clear();
      const float half = thickness / 2;
      for (const ColumnExtremes& c : cols) {
        const float cx =
            (std::floor((run[c.lo].x - area_.Min.x) / dense_w) + 0.5f) * dense_w + area_.Min.x;
        const float top = sy(run[c.hi].y), low = sy(run[c.lo].y);  // screen y grows downwards
        pts.emplace_back(cx, top - half);
        bottom.emplace_back(cx, low + half);
      }
      if (pts.size() == 1) {
        dl_->AddRectFilled(ImVec2(pts[0].x - dense_w / 2, pts[0].y),
                           ImVec2(pts[0].x + dense_w / 2, bottom[0].y), color);
      }
      draw_band(pts, bottom, color);
    }
    run.clear();
  };
  const double sx0 = area_.Min.x, sx_scale = area_.GetWidth() / (x_.max - x_.min);
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(y[i]) || (log_y_ && y[i] <= 0)) {
      flush();
      continue;
    }
    run.emplace_back(static_cast<float>(sx0 + (x[i] - x_.min) * sx_scale), y[i]);
  }
  flush();
}

void Plot::vline(double x, ImU32 color, bool dashed, const char* tag, int tag_row) {
  float sx = to_screen(x, y_.min).x;
  if (dashed) {
    float phase = 0;
    dashed_line(dl_, ImVec2(sx, area_.Min.y), ImVec2(sx, area_.Max.y), color, 1.5f, 4, 4, &phase);
  } else {
    dl_->AddLine(ImVec2(sx, area_.Min.y), ImVec2(sx, area_.Max.y), color, 1.5f);
  }
  if (tag && tag[0]) {
    // Right of the line, or left of it when it would run off the plot.
    float tw = ImGui::CalcTextSize(tag).x;
    float tx = sx + 3 + tw > area_.Max.x ? sx - 3 - tw : sx + 3;
    const ImVec2 at(tx, area_.Min.y + 2 + tag_row * (ImGui::GetFontSize() + 2));
    dl_->AddText(at, color, tag);
    tags_.emplace_back(at, ImVec2(at.x + tw, at.y + ImGui::GetFontSize()));
  }
}

void Plot::marker(double x, double y, ImU32 color, float radius) {
  ImVec2 p = to_screen(x, y);
  dl_->AddCircleFilled(p, radius, color);
  dl_->AddCircle(p, radius + 1, IM_COL32(0, 0, 0, 200));
}

void Plot::legend(const char* label, ImU32 color, Swatch swatch) {
  legend_.push_back({label, color, swatch, !legend_.empty() && next_row_});
  next_row_ = false;
}

void Plot::legend_break() { next_row_ = true; }

// Entries flow left to right and wrap; an entry wider than the legend wraps its text.
// Measuring (dl_ == nullptr) draws nothing.
float Plot::draw_legend(ImVec2 pos, float width) {
  if (legend_.empty()) return 0;
  const float fh = ImGui::GetFontSize();
  const float swatch = fh * 1.8f, gap = fh * 1.1f, row_gap = 4;
  float x = 0, y = 0, row_h = fh;
  for (const Entry& e : legend_) {
    const float text_room = std::max(fh * 4, width - swatch - 5);
    const ImVec2 ts = ImGui::CalcTextSize(e.label.c_str(), nullptr, false, text_room);
    const float w = swatch + 5 + ts.x;
    if (x > 0 && (e.row_break || x + w > width)) {
      x = 0;
      y += row_h + row_gap;
      row_h = fh;
    }
    row_h = std::max(row_h, ts.y);
    if (dl_) {
      float cy = pos.y + y + fh / 2;
      ImVec2 a(pos.x + x, cy), b(pos.x + x + swatch, cy);
      float ph = 0;
      switch (e.swatch) {
        case Swatch::Marker:
          dl_->AddCircleFilled(ImVec2((a.x + b.x) / 2, cy), 4, e.color);
          break;
        case Swatch::Dashed:
          dashed_line(dl_, a, b, e.color, 2.0f, 5, 3, &ph);
          break;
        case Swatch::Dotted:
          dashed_line(dl_, a, b, e.color, 2.0f, 2, 3, &ph);
          break;
        case Swatch::Thick:
          dl_->AddLine(a, b, e.color, 3.0f);
          break;
        case Swatch::Block:
          dl_->AddRectFilled(ImVec2(a.x + 2, cy - fh * 0.3f), ImVec2(b.x - 2, cy + fh * 0.3f),
                             e.color, 2.0f);
          break;
        case Swatch::Line:
          dl_->AddLine(a, b, e.color, 2.0f);
          break;
      }
      dl_->AddText(nullptr, 0, ImVec2(b.x + 5, pos.y + y), kTextColor, e.label.c_str(), nullptr,
                   text_room);
      legend_rects_.emplace_back(ImVec2(a.x, pos.y + y), ImVec2(a.x + w, pos.y + y + ts.y));
    }
    x += w + gap;
  }
  return y + row_h + row_gap;
}

void Plot::line_label(double x, double y, ImU32 color, const char* text) {
  if (!(std::isfinite(x) && std::isfinite(y)) || (log_y_ && y <= 0)) return;
  labels_.push_back({to_screen(x, y), color, text});
}

// In the order they were given (the most important first): each label left-aligned a
// little right of its point and centred on it, or moved up or down by up to a line until
// it overlaps no label placed before it and no tag; a label with no such place, or with
// no room before the plot's right edge, is left out.
void Plot::draw_labels() {
  const float fh = ImGui::GetFontSize(), pad = 4, step = 2;
  std::vector<ImRect> placed = tags_;
  for (const Label& l : labels_) {
    const ImVec2 ts = ImGui::CalcTextSize(l.text.c_str());
    if (l.at.x + pad + ts.x > area_.Max.x - 2) continue;
    const int tries = 1 + 2 * static_cast<int>(fh / step);
    for (int k = 0; k < tries; ++k) {
      const float d =
          static_cast<float>((k + 1) / 2) * step * (k % 2 ? 1.0f : -1.0f);  // 0, 2, -2..
      const float top = l.at.y - fh / 2 + d;
      const ImRect r(ImVec2(l.at.x + pad, top), ImVec2(l.at.x + pad + ts.x, top + fh));
      if (r.Min.y < area_.Min.y || r.Max.y > area_.Max.y) continue;
      bool free = true;
      for (const ImRect& q : placed) free = free && !q.Overlaps(r);
      if (!free) continue;
      dl_->AddText(r.Min, l.color, l.text.c_str());
      placed.push_back(r);
      break;
    }
  }
}

void Plot::end() {
  draw_labels();
  dl_->PopClipRect();
}

}  // namespace plot
