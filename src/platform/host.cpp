// The Host the app reaches the machine through (app/app.h): the clock, the clipboard,
// files and the view's PNG, the GPU jobs. In the browser the files and the clipboard go
// through the page's JavaScript (window.playgroundPage in web/playground-api.js:
// downloads as Blob + a[download], the async clipboard, the file picker); on the desktop
// files are written to the current directory and the clipboard is GLFW's.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "platform/gpu.h"
#include "platform/runner.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <sys/stat.h>
#include <unistd.h>

#include "data/builtin_digits.h"
#endif

namespace platform {
namespace {

std::string g_png_request;  // file name of the requested view PNG
bool g_png_pending = false;

#ifndef __EMSCRIPTEN__
std::string in_current_dir(const std::string& name) {
  std::vector<char> buf(4096);
  if (!getcwd(buf.data(), buf.size())) return name;
  return std::string(buf.data()) + "/" + name;
}
#endif

std::string page_url() {
#ifdef __EMSCRIPTEN__
  char url[2048] = {0};
  EM_ASM(
      {
        // href without query or fragment: also right for file:// pages (the offline
        // single file), whose origin is "null".
        var s = window.location.href.split(/[?#]/)[0];
        stringToUTF8(s, $0, $1);
      },
      url, sizeof url);
  return url;
#else
  return "";
#endif
}

void copy(const std::string& text, const std::string& what) {
#ifdef __EMSCRIPTEN__
  // Emscripten's GLFW has no clipboard. The page tries the async clipboard API (which
  // needs the click's user activation, still valid in this frame) and a fallback, and
  // reports the outcome (dp_js_copy_result -> app::copy_result).
  EM_ASM({ window.playgroundPage.copy(UTF8ToString($0), UTF8ToString($1)); }, text.c_str(),
         what.c_str());
#else
  GLFWwindow* w = glfwGetCurrentContext();
  if (w) glfwSetClipboardString(w, text.c_str());
  if (app::State* s = current_app()) app::copy_result(*s, what, w != nullptr, "no window");
#endif
}

std::string save_text(const std::string& name, const std::string& mime, const std::string& text,
                      std::string* where) {
#ifdef __EMSCRIPTEN__
  EM_ASM({ window.playgroundPage.download(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); },
         name.c_str(), mime.c_str(), text.c_str());
  *where = name;
  return "";
#else
  (void)mime;
  // Written under a temporary name and renamed: never a half-written file.
  const std::string path = in_current_dir(name), tmp = path + ".tmp";
  *where = path;
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.good()) {
      std::remove(tmp.c_str());
      return std::strerror(errno);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return std::strerror(errno);
  }
  return "";
#endif
}

void save_view_png(const std::string& name) {
  g_png_request = name;
  g_png_pending = true;
}

#ifndef __EMSCRIPTEN__
// Reads `name` from the current directory (the desktop's Import and Your data).
bool read_here(const std::string& name, std::string* text, std::string* where) {
  *where = in_current_dir(name);
  std::ifstream in(*where, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *text = ss.str();
  return true;
}
#endif

#ifndef __EMSCRIPTEN__
// The desktop's settings: one small file per key in $XDG_CONFIG_HOME/dropout-playground
// (or ~/.config/dropout-playground).
std::string settings_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg) return std::string(xdg) + "/dropout-playground";
  if (home && *home) return std::string(home) + "/.config/dropout-playground";
  return "";
}
#endif

void remember(const std::string& key, const std::string& value) {
#ifdef __EMSCRIPTEN__
  // localStorage may be refused (a sandboxed frame, private modes): then nothing is kept.
  EM_ASM(
      {
        try {
          localStorage.setItem("dropout-playground." + UTF8ToString($0), UTF8ToString($1));
        } catch (e) {
        }
      },
      key.c_str(), value.c_str());
#else
  const std::string dir = settings_dir();
  if (dir.empty()) return;
  const size_t slash = dir.rfind('/');
  mkdir(dir.substr(0, slash).c_str(), 0755);  // ~/.config may not exist yet
  mkdir(dir.c_str(), 0755);
  std::ofstream(dir + "/" + key, std::ios::binary) << value;
#endif
}

bool touch_input() {
#ifdef __EMSCRIPTEN__
  return EM_ASM_INT({ return window.playgroundPage.touchInput ? 1 : 0; }) != 0;
#else
  return false;
#endif
}

// The desktop carries the digits (data/builtin_digits.h); the page fetches digits.bin
// (web/page.js) and hands it to dp_js_data_arrived.
bool fetch_data(const std::string& name) {
#ifdef __EMSCRIPTEN__
  EM_ASM({ window.playgroundPage.fetchData(UTF8ToString($0)); }, name.c_str());
  return false;
#else
  return dp::load_builtin_digits().empty();
#endif
}

// A file the user hands in: the desktop reads `name` here, the browser opens its picker
// for `accept` (the file arrives in dp_js_import_file).
bool open_file(const char* accept, const std::string& name, std::string* text, std::string* where) {
#ifdef __EMSCRIPTEN__
  where->clear();
  (void)name;
  (void)text;
  EM_ASM({ window.playgroundPage.pickFile(UTF8ToString($0)); }, accept);
  return false;
#else
  (void)accept;
  return read_here(name, text, where);
#endif
}

app::Host make_host() {
  app::Host h;
#ifdef __EMSCRIPTEN__
  h.web = true;
#endif
  h.now = [] { return glfwGetTime(); };
  h.page_url = page_url;
  h.copy = copy;
  h.save_text = save_text;
  h.save_view_png = save_view_png;
  h.open_config = [](const std::string& name, std::string* text, std::string* where) {
    return open_file(".json,application/json", name, text, where);
  };
  h.open_data = [](const std::string& name, std::string* text, std::string* where) {
    return open_file(".csv,text/csv", name, text, where);
  };
  h.remember = remember;
  h.touch_input = touch_input;
  h.font_scale = font_scale;
  h.texture = gpu::texture;
  h.heatmap = gpu::heatmap;
  fill_sweep_host(&h);
  h.fetch_data = fetch_data;
#ifdef __EMSCRIPTEN__
  h.language_changed = [](const std::string& code) {
    EM_ASM({ if (window.playgroundPage.setLang) window.playgroundPage.setLang(UTF8ToString($0)); }, code.c_str());
  };
  // The page announces it and tells its host page (web/course.js), after this frame.
  h.lesson_event = [](const std::string& kind, const std::string& text) {
    EM_ASM({ if (window.playgroundPage.lessonEvent) window.playgroundPage.lessonEvent(UTF8ToString($0), UTF8ToString($1)); },
           kind.c_str(), text.c_str());
  };
#endif
  return h;
}

}  // namespace

std::string recalled(const std::string& key) {
#ifdef __EMSCRIPTEN__
  char value[256] = {0};
  EM_ASM(
      {
        var v = null;
        try {
          v = localStorage.getItem("dropout-playground." + UTF8ToString($0));
        } catch (e) {
        }
        stringToUTF8(v || "", $1, $2);
      },
      key.c_str(), value, sizeof value);
  return value;
#else
  const std::string dir = settings_dir();
  if (dir.empty()) return "";
  std::ifstream in(dir + "/" + key, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
#endif
}

const app::Host& host() {
  static const app::Host h = make_host();
  return h;
}

void after_render(int w, int h) {
  if (!g_png_pending) return;
  g_png_pending = false;
#ifdef __EMSCRIPTEN__
  (void)w;
  (void)h;
  // canvas.toBlob copies the drawing buffer now (this task), so no preserveDrawingBuffer
  // is needed; the page downloads it or hands it to pending playground.exportPNG() promises.
  EM_ASM({ window.playgroundPage.captureView(UTF8ToString($0)); }, g_png_request.c_str());
#else
  const std::string path =
      in_current_dir(g_png_request.empty() ? "dropout-playground.png" : g_png_request);
  const std::string err = gpu::save_framebuffer_png(path, w, h);
  if (app::State* s = current_app()) app::file_saved(*s, path, err.empty(), err);
#endif
}

}  // namespace platform
