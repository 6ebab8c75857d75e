// The runner: opens the window and GL context (GLFW), sets up Dear ImGui's GLFW and
// OpenGL3 backends, hands the app its Host (host.cpp) and runs the frame body written
// once (run_frame). On the desktop a plain loop drives it; in the browser
// emscripten_set_main_loop turns it into the requestAnimationFrame callback. Desktop
// flags (for tests and measurements):
//   --frames N --screenshot out.png --width W --height H --set JSON
//   --train-epochs N --paused --max-speed --no-vsync --intro (the start card, as on a
//   first visit; runs with --frames or --seconds show it only when asked)
//   --click ID[,ID...] (clicks the widgets the app reports as ID, in frames 10, 20, ...)
//   --widgets out.json (the widget rectangles of the last frame)
//   --data FILE.csv (your own data, as a drop on the page does)
//   --lang en|fr (the interface language; otherwise the one chosen last time)
//   --seconds S (run S seconds of wall time, idle rules on, and print the frames drawn
//   in each second: how the idle desktop app is measured)
// Both targets stop drawing when the app has nothing to do (app::busy) and nothing has
// happened outside for kAwakeSeconds: the browser's animation frames return at once,
// the desktop waits for events (glfwWaitEventsTimeout). Input, a resize, a page call or
// message, or a change of focus, visibility or GL context wakes them (wake()).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/app.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "font_extra.inc"
#include "platform/gl.h"
#include "platform/gpu.h"
#include "platform/runner.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#endif

namespace platform {

namespace {

struct Options {
  int width = 1280;
  int height = 800;
  int frames = 0;  // 0 = until the window closes
  std::string screenshot;
  bool vsync = true;
  std::vector<std::string> click;  // --click ID,...: widgets clicked in frames 10, 20, ...
  std::string widgets;             // --widgets out.json: the last frame's widget rectangles
  double seconds = 0;              // --seconds S: run S seconds (idle rules on), then report
  bool intro = false;              // --intro: the start card even in a measured run
  std::string data;                // --data FILE.csv: your own data, read at launch
  std::string data_text;
  app::LaunchOptions launch;
};

// How long the app keeps drawing after the last thing that happened: ImGui needs a few
// frames to settle (hover, layout), and tooltips appear after a pause of the pointer.
constexpr double kAwakeSeconds = 1.0;

struct Runner {
  Options opt;
  GLFWwindow* window = nullptr;
  app::State* app = nullptr;
  int frame = 0;
  double last_time = 0;
  std::vector<double> frame_ms;  // wall time between frames
  std::vector<double> train_ms;  // training slice per frame
  double triangles = 0;          // ImGui triangles drawn, summed over frames
  float dpr = 1.0f;              // browser devicePixelRatio
  float font_dpr = 1.0f;         // the ratio the font atlas was rasterized for
  bool failed = false;
  bool gl_lost = false;               // the WebGL context is lost: draw nothing until restored
  double awake_until = 0;             // glfwGetTime() until which frames are drawn even when idle
  std::vector<int> drawn_per_second;  // --seconds: frames drawn in each second
};

Runner* g_runner = nullptr;

void glfw_error(int code, const char* what) {
  std::fprintf(stderr, "GLFW error %d: %s\n", code, what);
}

// Whether the next frame is drawn: always while the app has work or shortly after
// anything happened; headless test runs (--frames) draw every frame.
bool should_draw(const Runner& r) {
  if (r.opt.frames > 0 || r.frame < 2) return true;
  return app::busy(*r.app) || glfwGetTime() < r.awake_until;
}

// Input and window events wake the loop. Installed before ImGui's backend, which calls
// them from its own callbacks (it chains to the ones it finds); the ones it does not
// install are set directly.
void on_cursor_pos(GLFWwindow*, double, double) { wake(); }
void on_size(GLFWwindow*, int, int) { wake(); }
void on_refresh(GLFWwindow*) { wake(); }
void on_focus(GLFWwindow*, int) { wake(); }
void on_enter(GLFWwindow*, int) { wake(); }
void on_button(GLFWwindow*, int, int, int) { wake(); }
void on_scroll(GLFWwindow*, double, double) { wake(); }
// A key pressed and released between two frames (a quick tap while a frame takes long, as
// with software rendering) would never be seen down by Dear ImGui 1.86, which reads the
// keys' state once a frame: such a tap is held down for one frame (hold_taps).
constexpr int kKeys = 512;  // ImGuiIO::KeysDown's size
bool g_key_pressed[kKeys];  // pressed since the last frame began
bool g_key_held[kKeys];     // held down by hold_taps for the frame under way
void on_key(GLFWwindow*, int key, int, int action, int) {
  if (action == GLFW_PRESS && key >= 0 && key < kKeys) g_key_pressed[key] = true;
  wake();
}

void hold_taps() {
  ImGuiIO& io = ImGui::GetIO();
  for (int k = 0; k < kKeys; ++k) {
    if (g_key_held[k] && !g_key_pressed[k]) io.KeysDown[k] = false;  // the tap's frame is over
    g_key_held[k] = g_key_pressed[k] && !io.KeysDown[k];  // pressed, already released
    if (g_key_held[k]) io.KeysDown[k] = true;
    g_key_pressed[k] = false;
  }
}
void on_char(GLFWwindow*, unsigned int) { wake(); }

void install_wake_callbacks(GLFWwindow* w, bool before_backend) {
  if (before_backend) {
    glfwSetWindowFocusCallback(w, on_focus);
    glfwSetCursorEnterCallback(w, on_enter);
    glfwSetMouseButtonCallback(w, on_button);
    glfwSetScrollCallback(w, on_scroll);
    glfwSetKeyCallback(w, on_key);
    glfwSetCharCallback(w, on_char);
  } else {
    glfwSetCursorPosCallback(w, on_cursor_pos);
    glfwSetWindowSizeCallback(w, on_size);
    glfwSetFramebufferSizeCallback(w, on_size);
    glfwSetWindowRefreshCallback(w, on_refresh);
  }
}

// The font: Dear ImGui's default (its monospace look, U+0020 to U+00FF) at size_px, with
// the catalogs' few characters beyond it (’ … narrow no-break space: font_extra.inc, cut
// from DejaVu Sans Mono at build time) merged in, on the same advance.
void load_fonts(float size_px) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.SizePixels = size_px;
  io.Fonts->AddFontDefault(&cfg);
  ImFontConfig more;
  more.MergeMode = true;
  more.FontDataOwnedByAtlas = false;  // static data
  more.GlyphMinAdvanceX = more.GlyphMaxAdvanceX = size_px * 7.0f / 13.0f;  // ProggyClean's
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kExtraFont), sizeof kExtraFont,
                                 size_px, &more, kExtraRanges);
}

#ifdef __EMSCRIPTEN__
// Emscripten 3.1.6's GLFW knows nothing of devicePixelRatio: the canvas is
// laid out by CSS; we size its backing store to CSS size * dpr and tell ImGui that
// one UI unit is dpr pixels, so text stays the same size and the GL output is sharp.
void sync_canvas_size(Runner& r) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  r.dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (r.dpr <= 0) r.dpr = 1;
  int want_w = std::max(1, static_cast<int>(css_w * r.dpr + 0.5));
  int want_h = std::max(1, static_cast<int>(css_h * r.dpr + 0.5));
  int w = 0, h = 0;
  glfwGetWindowSize(r.window, &w, &h);
  if (w == want_w && h == want_h) return;
  // Emscripten 3.1.6's glfwSetWindowSize asks for fullscreen (and pointer lock, which
  // throws without a user gesture) when the size equals the screen's, as a full-window
  // canvas at devicePixelRatio 1 in a fullscreen browser does: size it directly then.
  const bool screen_sized =
      EM_ASM_INT({ return $0 == screen.width && $1 == screen.height; }, want_w, want_h);
  if (!screen_sized) {
    glfwSetWindowSize(r.window, want_w, want_h);
    return;
  }
  EM_ASM(
      {
        Browser.setCanvasSize($0, $1, true);
        if (GLFW.active) {
          GLFW.active.width = $0;
          GLFW.active.height = $1;
        }
      },
      want_w, want_h);
}

// Text stays sharp on high-density screens: rasterize the font at dpr times its size
// and draw it scaled back by 1/dpr (the UI keeps its size in CSS pixels).
// On a phone (a finger for a pointer, a narrow screen: the phone layout) the text is
// 25% larger, for the eye and for the finger.
void sync_font_scale(Runner& r) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  static const bool coarse_pointer =
      EM_ASM_INT({ return window.matchMedia && matchMedia('(pointer: coarse)').matches ? 1 : 0; });
  const float scale = coarse_pointer && css_w < app::kNarrowWidth ? app::kNarrowFontScale : 1.0f;
  if (r.dpr * scale == r.font_dpr) return;
  r.font_dpr = r.dpr * scale;
  ImGuiIO& io = ImGui::GetIO();
  load_fonts(13.0f * r.dpr * scale);
  io.FontGlobalScale = 1.0f / r.dpr;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Emscripten 3.1.6's GLFW passes the browser's raw wheel deltas (pixels, or lines in
// Firefox; positive = down) where GLFW means notches (positive = up). Convert, so one
// notch scrolls a panel by a few lines as on the desktop.
void web_scroll(GLFWwindow* window, double dx, double dy) {
  wake();
  auto notches = [](double d) { return std::fabs(d) < 10 ? -d / 3.0 : -d / 100.0; };
  ImGui_ImplGlfw_ScrollCallback(window, notches(dx), notches(dy));
}

void fix_imgui_scale(Runner& r) {
  ImGuiIO& io = ImGui::GetIO();
  int w = 0, h = 0;
  glfwGetFramebufferSize(r.window, &w, &h);
  io.DisplaySize = ImVec2(w / r.dpr, h / r.dpr);
  io.DisplayFramebufferScale = ImVec2(r.dpr, r.dpr);
  // Emscripten reports the mouse in canvas pixels.
  if (io.MousePos.x > -FLT_MAX) io.MousePos = ImVec2(io.MousePos.x / r.dpr, io.MousePos.y / r.dpr);
}
#endif

#ifndef __EMSCRIPTEN__
bool save_screenshot(Runner& r) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(r.window, &w, &h);
  const std::string err = gpu::save_framebuffer_png(r.opt.screenshot, w, h);
  if (!err.empty()) {
    std::fprintf(stderr, "cannot write %s: %s\n", r.opt.screenshot.c_str(), err.c_str());
    return false;
  }
  std::printf("screenshot: %s (%dx%d)\n", r.opt.screenshot.c_str(), w, h);
  return true;
}

// The widget rectangles of the last frame as JSON: {"run.step": [x, y, w, h], ...}.
bool save_widgets(Runner& r) {
  FILE* f = std::fopen(r.opt.widgets.c_str(), "w");
  if (!f) return false;
  std::fprintf(f, "{");
  const std::vector<app::WidgetRect>& ws = app::widget_rects(*r.app);
  for (size_t i = 0; i < ws.size(); ++i)
    std::fprintf(f, "%s\n \"%s\": [%.1f, %.1f, %.1f, %.1f]", i ? "," : "", ws[i].id.c_str(),
                 ws[i].x, ws[i].y, ws[i].w, ws[i].h);
  std::fprintf(f, "\n}\n");
  return std::fclose(f) == 0;
}

// Headless runs (tests, screenshots) ignore wherever Xvfb's pointer happens to be; with
// --click the pointer moves onto the k-th widget (as last reported) in frame 10 k + 5 and
// presses it in frame 10 (k + 1).
void headless_pointer(Runner& r) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseDown[0] = false;
  const size_t k = r.frame < 5 ? r.opt.click.size() : static_cast<size_t>((r.frame - 5) / 10);
  app::WidgetRect w;
  if (k >= r.opt.click.size() || !app::widget_rect(*r.app, r.opt.click[k], &w)) return;
  io.MousePos = ImVec2(w.x + w.w / 2, w.y + w.h / 2);
  io.MouseDown[0] = r.frame == static_cast<int>(10 * (k + 1));
}

void report_frame_times(const Runner& r) {
  // Skip the first frames: font atlas upload, shader compiles, first heatmap.
  size_t skip = std::min<size_t>(10, r.frame_ms.size() / 4);
  std::vector<double> ms(r.frame_ms.begin() + skip, r.frame_ms.end());
  if (ms.empty()) return;
  double sum = 0, train = 0;
  for (double v : ms) sum += v;
  for (size_t i = skip; i < r.train_ms.size(); ++i) train += r.train_ms[i];
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  double mean = sum / ms.size();
  std::printf(
      "frames: %zu measured, mean %.2f ms (%.1f fps), median %.2f ms, p95 %.2f ms, "
      "max %.2f ms; training %.2f ms/frame; %.0f triangles/frame\n",
      ms.size(), mean, 1000.0 / mean, sorted[sorted.size() / 2],
      sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)], sorted.back(),
      train / ms.size(), r.triangles / r.frame);
}
#endif

// Keys pressed from the page (press_key): down for one frame, then up.
std::vector<int> g_keys_pressed, g_keys_down;

void apply_pressed_keys() {
  ImGuiIO& io = ImGui::GetIO();
  for (int k : g_keys_down) io.KeysDown[k] = false;
  g_keys_down.swap(g_keys_pressed);
  g_keys_pressed.clear();
  for (int k : g_keys_down) io.KeysDown[k] = true;
}

// The page learns when a text field wants the keyboard (it focuses or blurs its input).
void report_text_input() {
#ifdef __EMSCRIPTEN__
  static int last = -1;
  const int want = ImGui::GetIO().WantTextInput ? 1 : 0;
  if (want != last) {
    EM_ASM({ if (window.playgroundPage.setWantText) window.playgroundPage.setWantText($0 === 1); }, want);
    last = want;
  }
#endif
}

// The frame body, written once for both targets.
void run_frame(Runner& r) {
  glfwPollEvents();
  if (r.gl_lost) return;
#ifdef __EMSCRIPTEN__
  sync_canvas_size(r);
  sync_font_scale(r);
#endif
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
#ifdef __EMSCRIPTEN__
  fix_imgui_scale(r);
#endif
#ifndef __EMSCRIPTEN__
  if (r.opt.frames > 0) headless_pointer(r);
#endif
  hold_taps();
  apply_pressed_keys();
  ImGui::NewFrame();
  app::frame(*r.app);
  ImGui::Render();
  report_text_input();

  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(r.window, &fb_w, &fb_h);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fb_w, fb_h);
  // Panels draw no background of their own (software GL pays for every blended
  // pixel): the clear colour is the window background.
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  after_render(fb_w, fb_h);  // a requested PNG of the view (host.cpp)

#ifndef __EMSCRIPTEN__
  const bool last = r.opt.frames > 0 && r.frame + 1 >= r.opt.frames;
  if (last && !r.opt.screenshot.empty() && !save_screenshot(r)) r.failed = true;
  if (last && !r.opt.widgets.empty() && !save_widgets(r)) r.failed = true;
#endif
  glfwSwapBuffers(r.window);

  double t = glfwGetTime();
  if (r.frame > 0) r.frame_ms.push_back((t - r.last_time) * 1000.0);
  r.train_ms.push_back(app::last_train_seconds(*r.app) * 1000.0);
  r.triangles += ImGui::GetDrawData()->TotalIdxCount / 3.0;
  r.last_time = t;
  ++r.frame;
#ifdef __EMSCRIPTEN__
  if (r.frame == 1) {
    // window.playground.ready resolves now (web/playground-api.js).
    EM_ASM({
      if (Module["onFirstFrame"]) Module["onFirstFrame"]();
    });
  }
#endif
}

#ifdef __EMSCRIPTEN__
// Every animation frame: drawn, or (idle) nothing at all until something wakes the app.
void web_frame(void* arg) {
  Runner& r = *static_cast<Runner*>(arg);
  if (should_draw(r)) run_frame(r);
}
#else
// The desktop loop: --frames N draws N frames; otherwise frames are drawn while
// should_draw(), and an idle app sleeps in glfwWaitEventsTimeout until an event.
void desktop_loop(Runner& r) {
  const double start = glfwGetTime();
  while (!glfwWindowShouldClose(r.window) && !(r.opt.frames > 0 && r.frame >= r.opt.frames)) {
    const double t = glfwGetTime() - start;
    if (r.opt.seconds > 0 && t >= r.opt.seconds) break;
    if (should_draw(r)) {
      run_frame(r);
      if (r.opt.seconds > 0) {
        r.drawn_per_second.resize(static_cast<size_t>(r.opt.seconds) + 1);
        ++r.drawn_per_second[std::min(static_cast<size_t>(t), r.drawn_per_second.size() - 1)];
      }
    } else {
      // The frame clock stops too: the next drawn frame does not count the sleep.
      glfwWaitEventsTimeout(0.5);
      r.last_time = glfwGetTime();
    }
  }
  if (r.opt.seconds > 0) {
    std::printf("frames drawn per second:");
    for (size_t i = 0; i + 1 < r.drawn_per_second.size(); ++i)
      std::printf(" %d", r.drawn_per_second[i]);
    std::printf("\n");
  }
}
#endif

// The start card shows on a first visit (nothing remembered), and then the run waits
// for Play. In the browser an embedded frame never shows it, and a link's own paused=
// decides whether it plays; on the desktop a measured run (--frames, --seconds) shows it
// only with --intro.
void decide_intro(Options* o) {
  const bool first = recalled(app::kIntroKey) != "seen";
  // The page chooses its language itself (web/playground-api.js); the desktop takes the
  // one chosen last time unless --lang says otherwise.
#ifndef __EMSCRIPTEN__
  if (o->launch.lang.empty()) o->launch.lang = recalled(app::kLanguageKey);
#endif
  o->launch.lessons_done = recalled(app::kLessonsKey);
#ifdef __EMSCRIPTEN__
  const int query = EM_ASM_INT({
    var q = new URLSearchParams(window.location.search);
    var e = q.get("embed");
    return (e == "1" || e == "true" ? 1 : 0) | (q.has("paused") ? 2 : 0);
  });
  o->launch.intro = first && !(query & 1);
  if (o->launch.intro && !(query & 2)) o->launch.paused = true;
#else
  o->launch.intro = o->intro || (first && o->frames == 0 && o->seconds == 0);
  if (o->launch.intro) o->launch.paused = true;
#endif
}

bool parse_int(const char* s, int lo, int hi, int* out) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (!s[0] || *end || v < lo || v > hi) return false;
  *out = static_cast<int>(v);
  return true;
}

void usage() {
  std::fprintf(
      stderr,
      "usage: playground [--width W] [--height H] [--frames N --screenshot out.png]\n"
      "                  [--set '{\"dropout\":0.5}'] [--train-epochs N] [--paused] [--max-speed]\n"
      "                  [--no-vsync] [--click WIDGET_ID] [--widgets out.json] [--seconds S]\n"
      "                  [--intro] [--data FILE.csv] [--lang en|fr] [--lesson N|NAME]\n");
}

// Returns -1 to continue, else an exit code.
int parse_args(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    const char* v = nullptr;
    if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else if (a == "--width" || a == "--height" || a == "--frames" || a == "--train-epochs") {
      if (!(v = value(a.c_str()))) return 2;
      int n = 0;
      bool ok = a == "--frames"         ? parse_int(v, 1, 1000000000, &o->frames)
                : a == "--train-epochs" ? parse_int(v, 0, 100000, &o->launch.train_epochs)
                                        : parse_int(v, 200, 16384, &n);
      if (!ok) {
        std::fprintf(stderr, "%s: bad value '%s'\n", a.c_str(), v);
        return 2;
      }
      if (a == "--width") o->width = n;
      if (a == "--height") o->height = n;
    } else if (a == "--seconds") {
      if (!(v = value("--seconds"))) return 2;
      int n = 0;
      if (!parse_int(v, 1, 3600, &n)) {
        std::fprintf(stderr, "--seconds: bad value '%s'\n", v);
        return 2;
      }
      o->seconds = n;
    } else if (a == "--screenshot") {
      if (!(v = value("--screenshot"))) return 2;
      o->screenshot = v;
    } else if (a == "--set") {
      if (!(v = value("--set"))) return 2;
      o->launch.config_json = v;
    } else if (a == "--click") {
      if (!(v = value("--click"))) return 2;
      for (std::string id = v; !id.empty();) {
        const size_t comma = id.find(',');
        o->click.push_back(id.substr(0, comma));
        id = comma == std::string::npos ? "" : id.substr(comma + 1);
      }
    } else if (a == "--lang") {
      if (!(v = value("--lang"))) return 2;
      o->launch.lang = v;
    } else if (a == "--lesson") {
      if (!(v = value("--lesson"))) return 2;
      o->launch.lesson = v;
    } else if (a == "--data") {
      if (!(v = value("--data"))) return 2;
      std::ifstream in(v, std::ios::binary);
      std::ostringstream text;
      if (!in || !(text << in.rdbuf())) {
        std::fprintf(stderr, "--data: cannot read %s\n", v);
        return 2;
      }
      o->data = v;
      o->data_text = text.str();
    } else if (a == "--widgets") {
      if (!(v = value("--widgets"))) return 2;
      o->widgets = v;
    } else if (a == "--paused") {
      o->launch.paused = true;
    } else if (a == "--max-speed") {
      o->launch.max_speed = true;
    } else if (a == "--intro") {
      o->intro = true;
    } else if (a == "--no-vsync") {
      o->vsync = false;
    } else {
      std::fprintf(stderr, "unknown argument '%s'\n", a.c_str());
      usage();
      return 2;
    }
  }
  if (!o->click.empty() && o->frames <= static_cast<int>(10 * o->click.size() + 1)) {
    std::fprintf(stderr, "--click with %zu widgets needs --frames N > %zu\n", o->click.size(),
                 10 * o->click.size() + 1);
    return 2;
  }
  if ((!o->screenshot.empty() || !o->widgets.empty()) && o->frames == 0) {
    std::fprintf(stderr, "--screenshot and --widgets need --frames N\n");
    return 2;
  }
  return -1;
}

}  // namespace

app::State* current_app() { return g_runner ? g_runner->app : nullptr; }

void wake() {
  if (g_runner) g_runner->awake_until = glfwGetTime() + kAwakeSeconds;
}

float font_scale() {
  return g_runner && g_runner->dpr > 0 ? g_runner->font_dpr / g_runner->dpr : 1.0f;
}

void press_key(int glfw_key) {
  if (glfw_key >= 0 && glfw_key < 512) g_keys_pressed.push_back(glfw_key);
  wake();
}

// WebGL context loss: while lost, frames draw nothing (GL calls would only fail); once
// the browser restores the context every GL object is gone, so the backend's and ours
// are made again (web/device.js calls these through web_api.cpp).
void gl_context_lost() {
  if (g_runner) g_runner->gl_lost = true;
}

void gl_context_restored() {
  if (!g_runner || !g_runner->app) return;
  wake();
  ImGui_ImplOpenGL3_Shutdown();  // forgets the old names (deleting them is a no-op now)
  ImGui_ImplOpenGL3_Init(gpu::glsl_version());
  gpu::forget_all();
  g_runner->font_dpr = 0;  // the font texture is rebuilt on the next frame
  app::graphics_restored(*g_runner->app);
  g_runner->gl_lost = false;
}

}  // namespace platform

int main(int argc, char** argv) {
  using namespace platform;
  static Runner r;  // outlives main() in the browser (the loop keeps running)
  g_runner = &r;
  int code = parse_args(argc, argv, &r.opt);
  if (code >= 0) return code;

  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "playground: cannot initialise GLFW (no display?)\n");
    return 1;
  }
#ifdef __EMSCRIPTEN__
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
#endif
  r.window = glfwCreateWindow(r.opt.width, r.opt.height, "Dropout Playground", nullptr, nullptr);
  if (!r.window) {
    std::fprintf(stderr, "playground: cannot create an OpenGL %s window\n",
                 host().web ? "ES 3.0 (WebGL2)" : "3.3 core");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(r.window);
  glfwSwapInterval(r.opt.vsync ? 1 : 0);
#ifndef __EMSCRIPTEN__
  glfwSetWindowSizeLimits(r.window, 640, 480, GLFW_DONT_CARE, GLFW_DONT_CARE);
#endif

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout follows the window; nothing to save
  install_wake_callbacks(r.window, true);
  ImGui_ImplGlfw_InitForOpenGL(r.window, true);
  install_wake_callbacks(r.window, false);
#ifdef __EMSCRIPTEN__
  glfwSetScrollCallback(r.window, web_scroll);  // replaces the backend's (which it calls)
#endif
  ImGui_ImplOpenGL3_Init(gpu::glsl_version());
  load_fonts(13.0f);  // the page loads it again at its pixel density (sync_font_scale)

  decide_intro(&r.opt);
  std::string error;
  r.app = app::create(host(), r.opt.launch, &error);
  if (!r.app) {
    std::fprintf(stderr, "playground: %s\n", error.c_str());
    return 2;
  }
  // Your data: a bad file is a notice in the app, as in the page, and the default run goes on.
  if (!r.opt.data.empty()) app::import_file(*r.app, r.opt.data, r.opt.data_text);
  r.last_time = glfwGetTime();
  wake();

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop_arg(web_frame, &r, 0, true);
#else
  desktop_loop(r);
  if (r.opt.frames > 0) report_frame_times(r);
  app::destroy(r.app);
  r.app = nullptr;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(r.window);
  glfwTerminate();
#endif
  return r.failed ? 1 : 0;
}
