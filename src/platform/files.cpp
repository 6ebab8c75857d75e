// Files and the clipboard for the exports (issue 4): on the web they go through the
// page's JavaScript (web/exports.js: downloads as Blob + a[download], the async
// clipboard, the file picker); on the desktop files are written to the current
// directory and the clipboard is GLFW's.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/state.h"
#include "platform/gl.h"
#include "platform/platform.h"
#include "platform/png_writer.h"
#include "platform/runner.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <unistd.h>
#endif

namespace platform {
namespace {

std::string g_png_request;  // file name of the requested view PNG ("" = none)
bool g_png_pending = false;

#ifndef __EMSCRIPTEN__
void notice(const std::string& text) {
  if (app::State* s = current_app()) app::add_notice(*s, text);
}

std::string in_current_dir(const std::string& name) {
  std::vector<char> buf(4096);
  if (!getcwd(buf.data(), buf.size())) return name;
  return std::string(buf.data()) + "/" + name;
}
#endif

}  // namespace

std::string set_clipboard(const std::string& text, const std::string& what) {
#ifdef __EMSCRIPTEN__
  // Emscripten's GLFW has no clipboard. web/exports.js tries the async clipboard API
  // (which needs the click's user activation, still valid in this frame) and a
  // fallback, and reports success or refusal as a notice (dp_js_notice).
  EM_ASM(
      {
        if (window.playgroundCopy) window.playgroundCopy(UTF8ToString($0), UTF8ToString($1));
      },
      text.c_str(), what.c_str());
  return "";
#else
  GLFWwindow* w = glfwGetCurrentContext();
  if (!w) return "Could not copy " + what + ": no window.";
  glfwSetClipboardString(w, text.c_str());
  return "Copied " + what + " to the clipboard.";
#endif
}

std::string save_text_file(const std::string& name, const std::string& mime,
                           const std::string& text) {
#ifdef __EMSCRIPTEN__
  EM_ASM(
      {
        if (window.playgroundDownload)
          window.playgroundDownload(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2));
      },
      name.c_str(), mime.c_str(), text.c_str());
  return "Downloaded " + name + ".";
#else
  (void)mime;
  // Written under a temporary name and renamed: never a half-written file.
  const std::string path = in_current_dir(name), tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.good()) {
      std::remove(tmp.c_str());
      return "Could not save " + path + ": " + std::strerror(errno);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return "Could not save " + path + ": " + std::strerror(errno);
  }
  return "Saved " + path;
#endif
}

void request_view_png(const std::string& name) {
  g_png_request = name;
  g_png_pending = true;
}

// Called by the runner right after the frame is drawn, before it is presented: the
// drawing buffer then holds exactly what the user sees.
void after_render() {
  if (!g_png_pending) return;
  g_png_pending = false;
  const std::string name = g_png_request;
#ifdef __EMSCRIPTEN__
  // canvas.toBlob copies the drawing buffer now (this task), so no
  // preserveDrawingBuffer is needed; web/exports.js downloads it or hands it to
  // pending playground.exportPNG() promises.
  EM_ASM(
      {
        if (window.playgroundCaptureView) window.playgroundCaptureView(UTF8ToString($0));
      },
      name.c_str());
#else
  int w = 0, h = 0;
  glfwGetFramebufferSize(glfwGetCurrentContext(), &w, &h);
  const std::string path = in_current_dir(name.empty() ? "dropout-playground.png" : name);
  notice(write_framebuffer_png(path, w, h) ? "Saved " + path : "Could not save " + path);
#endif
}

bool pick_config_file(const std::string& name, std::string* text, std::string* error) {
#ifdef __EMSCRIPTEN__
  (void)name;
  (void)text;
  (void)error;
  EM_ASM({
    if (window.playgroundPickConfig) window.playgroundPickConfig();
  });
  return false;
#else
  const std::string path = in_current_dir(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "Import: no " + path + " (Export config writes it; edit it, then Import).";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *text = ss.str();
  return true;
#endif
}

bool touch_input() {
#ifdef __EMSCRIPTEN__
  return EM_ASM_INT({ return window.playgroundTouchInput ? 1 : 0; }) != 0;
#else
  return false;
#endif
}

}  // namespace platform
