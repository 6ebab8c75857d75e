// GL side of the data view. All calls here are plain OpenGL ES 3.0 / GL 3.3 core,
// the intersection of the two targets.
#include "app/heatmap.h"

#include <algorithm>
#include <cmath>

#include "platform/platform.h"

namespace app {

void logits_to_probs(const float* logits, int rows, int cols, float* probs) {
  const int K = Heatmap::kMaxClasses;
  for (int r = 0; r < rows; ++r) {
    const float* z = logits + r * cols;
    float* p = probs + r * K;
    std::fill(p, p + K, 0.0f);
    if (cols == 1) {
      float p1 = 1.0f / (1.0f + std::exp(-z[0]));
      p[0] = 1.0f - p1;
      p[1] = p1;
      continue;
    }
    float m = *std::max_element(z, z + cols);
    float sum = 0;
    for (int c = 0; c < cols; ++c) sum += std::exp(z[c] - m);
    for (int c = 0; c < std::min(cols, K); ++c) p[c] = std::exp(z[c] - m) / sum;
  }
}

Heatmap::Heatmap() {
  program_ = platform::shader_program("fullscreen.vert", "heatmap.frag", &error_);
  if (program_) points_program_ = platform::shader_program("points.vert", "points.frag", &error_);
  glGenVertexArrays(1, &vao_);
  glGenVertexArrays(1, &points_vao_);
  glGenBuffers(1, &points_vbo_);
  glBindVertexArray(points_vao_);
  glBindBuffer(GL_ARRAY_BUFFER, points_vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float),
                        reinterpret_cast<const void*>(2 * sizeof(float)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glGenTextures(1, &probs_tex_);
  glBindTexture(GL_TEXTURE_2D, probs_tex_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  // RGBA16F is filterable in WebGL2 without extensions (32F is not); the upload is
  // float32, which ES 3.0 accepts for a 16F internal format.
  std::vector<float> zero(grid_ * grid_ * 4, 0.0f);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA16F, grid_, grid_, 0, GL_RGBA, GL_FLOAT, zero.data());
  glBindTexture(GL_TEXTURE_2D, 0);
}

Heatmap::~Heatmap() {
  if (program_) glDeleteProgram(program_);
  if (points_program_) glDeleteProgram(points_program_);
  glDeleteVertexArrays(1, &vao_);
  glDeleteVertexArrays(1, &points_vao_);
  glDeleteBuffers(1, &points_vbo_);
  glDeleteTextures(1, &probs_tex_);
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (color_tex_) glDeleteTextures(1, &color_tex_);
}

void Heatmap::update(const dp::Trainer& t, long key, const PlaneBounds& b, double now,
                     double min_interval) {
  // At most ~20% of the time goes to re-evaluating (large models update less often).
  if (key == key_ || now - last_update_ < std::max(min_interval, 4 * last_cost_)) return;
  if (t.config().sizes.front() != 2) return;  // a plane needs two inputs
  key_ = key;
  last_update_ = now;
  double macs_per_row = 0;
  const std::vector<int>& sz = t.config().sizes;
  for (size_t i = 0; i + 1 < sz.size(); ++i) macs_per_row += static_cast<double>(sz[i]) * sz[i + 1];
  const int g =
      std::clamp(static_cast<int>(std::sqrt(kMaxMacs / macs_per_row)), kMinGrid, kMaxGrid);
  const int n = g * g;
  grid_x_.resize(n * 2);
  for (int j = 0; j < g; ++j) {    // row j: y from y0 (bottom, texture row 0) to y1
    for (int i = 0; i < g; ++i) {  // texel centres on the grid points
      grid_x_[(j * g + i) * 2 + 0] = b.x0 + (b.x1 - b.x0) * (i + 0.5f) / g;
      grid_x_[(j * g + i) * 2 + 1] = b.y0 + (b.y1 - b.y0) * (j + 0.5f) / g;
    }
  }
  const int cols = t.n_out();
  logits_.resize(static_cast<size_t>(n) * cols);
  probs_.resize(static_cast<size_t>(n) * kMaxClasses);
  const double start = platform::now_seconds();
  t.predict(grid_x_.data(), n, logits_.data());
  last_cost_ = platform::now_seconds() - start;
  logits_to_probs(logits_.data(), n, cols, probs_.data());
  classes_ = cols == 1 ? 2 : std::min(cols, static_cast<int>(kMaxClasses));
  glBindTexture(GL_TEXTURE_2D, probs_tex_);
  if (g != grid_) {
    grid_ = g;
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA16F, g, g, 0, GL_RGBA, GL_FLOAT, probs_.data());
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, g, g, GL_RGBA, GL_FLOAT, probs_.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
  dirty_ = true;
}

void Heatmap::set_points(const dp::Dataset& d, const PlaneBounds& b, bool train, bool val) {
  std::vector<float> pts;
  // Validation first so the training points sit on top.
  if (val && d.dim == 2) {
    for (int i = d.n_train; i < d.n_train + d.n_val; ++i)
      pts.insert(pts.end(), {d.x[i * 2], d.x[i * 2 + 1], d.y[i], 0.0f});
  }
  if (train && d.dim == 2) {
    for (int i = 0; i < d.n_train; ++i)
      pts.insert(pts.end(), {d.x[i * 2], d.x[i * 2 + 1], d.y[i], 1.0f});
  }
  bool same_bounds =
      b.x0 == bounds_.x0 && b.x1 == bounds_.x1 && b.y0 == bounds_.y0 && b.y1 == bounds_.y1;
  if (pts == points_ && same_bounds) return;
  points_.swap(pts);
  bounds_ = b;
  n_points_ = static_cast<int>(points_.size() / 4);
  glBindBuffer(GL_ARRAY_BUFFER, points_vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(points_.size() * sizeof(float)),
               points_.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  dirty_ = true;
}

unsigned Heatmap::render(int w, int h, float point_px, const float colors[][3],
                         const float background[3]) {
  if (!program_ || w <= 0 || h <= 0) return 0;
  if (point_px != point_px_) {
    point_px_ = point_px;
    dirty_ = true;
  }
  if (w != fbo_w_ || h != fbo_h_) {
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    if (!color_tex_) glGenTextures(1, &color_tex_);
    glBindTexture(GL_TEXTURE_2D, color_tex_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_tex_, 0);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      error_ = "the heatmap framebuffer is incomplete";
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      return 0;
    }
    fbo_w_ = w;
    fbo_h_ = h;
    dirty_ = true;
  }
  // The colour image only changes with the probabilities (or the size): software GL
  // (CI, Xvfb) pays for every shaded pixel, so skip the pass when nothing changed.
  if (!dirty_) return color_tex_;
  dirty_ = false;
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, w, h);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glUseProgram(program_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, probs_tex_);
  glUniform1i(glGetUniformLocation(program_, "u_probs"), 0);
  glUniform1i(glGetUniformLocation(program_, "u_classes"), classes_);
  glUniform3fv(glGetUniformLocation(program_, "u_colors"), kMaxClasses, &colors[0][0]);
  glUniform3fv(glGetUniformLocation(program_, "u_background"), 1, background);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindTexture(GL_TEXTURE_2D, 0);
  if (points_program_ && n_points_ > 0) {
    // Blend colour only: the texture's alpha stays 1 so ImGui draws it opaque.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
    platform::enable_program_point_size();
    glUseProgram(points_program_);
    glUniform4f(glGetUniformLocation(points_program_, "u_bounds"), bounds_.x0, bounds_.x1,
                bounds_.y0, bounds_.y1);
    glUniform1f(glGetUniformLocation(points_program_, "u_size"), point_px_);
    glUniform3fv(glGetUniformLocation(points_program_, "u_colors"), kMaxClasses, &colors[0][0]);
    glBindVertexArray(points_vao_);
    glDrawArrays(GL_POINTS, 0, n_points_);
    glDisable(GL_BLEND);
  }
  glBindVertexArray(0);
  glUseProgram(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return color_tex_;
}

}  // namespace app
