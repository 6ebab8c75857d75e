// A small immediate-mode plot drawn with ImDrawList (ImPlot is not available):
// legend() entries first, then begin() lays out the legend (a band above the plot, so
// it never hides a curve; an entry too wide for it wraps its text), the frame, axes,
// ticks and grid; line()/vline()/marker() draw in data coordinates; line_label()s are
// drawn by end(), right of their points, moved apart so that none overlaps another or a
// vline's tag (a label with no room is left out, never clipped). Log-y supported. A line with more
// points than the plot has pixel columns is drawn thinned to each column's extremes
// (column_extremes), so 10,000 epochs cost no more to draw than 200; the data itself is
// never thinned.
//
//   plot::Plot p;
//   p.legend("val", color, plot::Swatch::Line);
//   if (p.begin("loss", size, {0, 200}, {0.01, 2}, /*log_y=*/true, "epoch", "loss")) {
//     p.line(xs, ys, n, color, 2.0f, /*dashed=*/false);
//     p.end();
//   }
#pragma once
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"  // ImRect

namespace plot {

struct Range {
  double min = 0, max = 1;
};

// Legend swatches: the strokes of line() (Thick: a solid line of 3 px), a dot, a block
// of colour (a legend entry that names a colour, not a line).
enum class Swatch { Line, Dashed, Marker, Dotted, Thick, Block };
enum class Stroke { Solid, Dashed, Dotted };

class Plot {
 public:
  // Returns false when there is no room (nothing drawn; do not call end()).
  bool begin(const char* id, ImVec2 size, Range x, Range y, bool log_y, const char* x_label,
             const char* y_label);
  // Before begin(): one legend entry.
  void legend(const char* label, ImU32 color, Swatch swatch);
  void legend_break();  // the next entry starts a new legend row
  // The legend from the plot's left edge (default: from the plot area's, past the y labels).
  void legend_full_width() { legend_full_width_ = true; }
  // Polyline through (x[i], y[i]), x ascending; non-finite points break the line.
  void line(const float* x, const float* y, int n, ImU32 color, float thickness, Stroke stroke);
  void line(const float* x, const float* y, int n, ImU32 color, float thickness, bool dashed) {
    line(x, y, n, color, thickness, dashed ? Stroke::Dashed : Stroke::Solid);
  }
  // A label for the line ending at (x, y), drawn by end() (see the top of the file).
  void line_label(double x, double y, ImU32 color, const char* text);
  // Vertical marker across the plot, with a short tag at the top (in text row tag_row,
  // so tags of different kinds do not overwrite each other).
  void vline(double x, ImU32 color, bool dashed, const char* tag, int tag_row = 0);
  void marker(double x, double y, ImU32 color, float radius);
  void end();

  bool hovered() const { return hovered_; }
  double hover_x() const { return hover_x_; }  // data x under the mouse
  ImVec2 to_screen(double x, double y) const;
  const ImRect& area() const { return area_; }
  // After begin(): where each legend entry (swatch and text) was drawn, in legend() order.
  const std::vector<ImRect>& legend_rects() const { return legend_rects_; }

 private:
  struct Entry {
    std::string label;
    ImU32 color;
    Swatch swatch;
    bool row_break = false;  // starts a new row
  };
  struct Label {
    ImVec2 at;  // the line's end, on screen
    ImU32 color;
    std::string text;
  };
  float sy(double y) const;
  void draw_run(const std::vector<ImVec2>& pts, ImU32 color, float thickness, Stroke stroke,
                float* phase);
  void draw_labels();
  void draw_band(const std::vector<ImVec2>& top, const std::vector<ImVec2>& bottom, ImU32 color);
  float draw_legend(ImVec2 pos, float width);  // returns the height used
  ImDrawList* dl_ = nullptr;
  ImRect frame_, area_;
  Range x_, y_;
  bool log_y_ = false;
  double ly_min_ = 0, ly_span_ = 1;  // log10 of the y range (log axes)
  bool hovered_ = false;
  double hover_x_ = 0;
  std::vector<Entry> legend_;
  bool next_row_ = false, legend_full_width_ = false;
  std::vector<ImRect> legend_rects_;
  std::vector<Label> labels_;
  std::vector<ImRect> tags_;  // where vline() wrote its tags
};

// Min and max of finite values (positive only when for_log), widened to a readable range.
Range auto_range(const std::vector<const std::vector<float>*>& series, bool for_log);

// What a column of a polyline's points shows: the indices of its lowest and highest point.
struct ColumnExtremes {
  int lo = 0, hi = 0;
};
// A polyline (x ascending) thinned to its columns of width col_w (from x0): per column
// that holds points, the indices of its lowest and highest point, so a one-epoch spike
// stays visible. y may be in any scale that keeps the order (data values or screen y).
// Returns them in *out (replaced), left to right.
void column_extremes(const std::vector<ImVec2>& in, float x0, float col_w,
                     std::vector<ColumnExtremes>* out);

// Dashed polyline helper (also used by other panels).
void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash,
                 float gap, float* phase);

}  // namespace plot
