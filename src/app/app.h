// The playground app as the platform sees it: one struct of services the platform
// fills in (Host: the clock, the clipboard, files, the view's PNG, and the two GPU jobs
// of the UI: image textures and the heatmap), and the app's life cycle. The platform
// creates the app once Dear ImGui exists, calls frame() between ImGui::NewFrame() and
// ImGui::Render() every frame, and reports what happened outside (a copy refused, a
// file saved, the GPU context restored). The app never owns the loop, the window or GL.
// Scripting (the page's window.playground, tests): app/api.h.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "imgui.h"

namespace app {

struct State;

// Below this width (UI units = CSS pixels) the phone layout is used; with a finger for
// a pointer the runner then draws the text kNarrowFontScale times larger.
constexpr float kNarrowWidth = 700.0f;
constexpr float kShortHeight = 480.0f;  // a phone in landscape: the same layout, side by side
constexpr float kNarrowFontScale = 1.25f;
// The smallest side of a button on a touch screen: 44 CSS px, the common touch-target
// guideline.
constexpr float kTouchTarget = 44.0f;

// An RGBA picture the UI draws as one texture (the dropout masks).
struct Image {
  int w = 0, h = 0;
  std::vector<uint8_t> rgba;  // (h, w, 4), first row on top
  uint64_t id = 0;            // which image (stable for its life)
  uint64_t version = 0;       // changes whenever the pixels do
};

// The data view's picture: class probabilities on a grid over the input plane, coloured
// by the heatmap shader, with the data points drawn over it as point sprites.
struct HeatmapScene {
  int grid = 0;              // grid points per side
  std::vector<float> probs;  // (grid * grid, 4): row 0 is the bottom (y = y0)
  int classes = 2;
  std::vector<float> points;         // (n, 4): x, y, class, 1 for training / 0 for validation
  float bounds[4] = {-1, 1, -1, 1};  // x0, x1, y0, y1 of the plane shown
  float colors[4][3] = {};           // one per class
  float background[3] = {};
  uint64_t version = 0;  // changes whenever any of the above does
};

// One point of a p-sweep for the Host's workers, and its answer.
struct SweepJob {
  int index = 0;  // the point's place in the sweep
  double dropout = 0;
  int64_t seed = 0;
};
struct SweepAnswer {
  int index = 0;
  std::string json;   // dp::sweep_run_json(base, run).dump(), or "" with error
  std::string error;  // why the point could not run
};

// What the app needs from the machine. The platform fills every member in.
struct Host {
  bool web = false;                       // wording only ("tab" or "window")
  std::function<double()> now;            // monotonic seconds
  std::function<std::string()> page_url;  // the page's address without query ("" on the desktop)
  // Puts text on the clipboard; `what` names it ("the link"). The outcome arrives in
  // copy_result() (at once on the desktop, later in the browser).
  std::function<void(const std::string& text, const std::string& what)> copy;
  // Offers text as a file: a download in the browser, a file in the current directory on
  // the desktop. Returns "" or the error; *where gets the file's name or path.
  std::function<std::string(const std::string& name, const std::string& mime,
                            const std::string& text, std::string* where)>
      save_text;
  // The next drawn frame, exactly as shown, as a PNG named `name` (outcome: file_saved()).
  std::function<void(const std::string& name)> save_view_png;
  // A config file for Import: the desktop reads `name` from the current directory into
  // *text (true; or false with *where = the path it could not read); the browser opens
  // its file picker and returns false with *where empty: the file arrives in import_file().
  std::function<bool(const std::string& name, std::string* text, std::string* where)> open_config;
  // The same for your own data (a CSV file, import_file() too when it arrives).
  std::function<bool(const std::string& name, std::string* text, std::string* where)> open_data;
  // Remembers a setting between visits (the browser's localStorage, a file on the
  // desktop); read back by the platform before the next launch (LaunchOptions).
  std::function<void(const std::string& key, const std::string& value)> remember;
  std::function<bool()> touch_input;  // a finger is the pointer (phones)
  std::function<float()> font_scale;  // how much larger than normal the text is drawn
  // GPU work: the texture of an image (uploaded again when its version changes), and the
  // heatmap rendered at w x h framebuffer pixels (points point_px across). Both return 0
  // and set *error when the GPU cannot do it.
  std::function<ImTextureID(const Image&)> texture;
  std::function<ImTextureID(const HeatmapScene&, int w, int h, float point_px, std::string* error)>
      heatmap;
  // The p-sweep's runs off the UI thread (threads on the desktop, Web Workers in the
  // browser): start_sweep hands over a complete config (dp::config_to_json) and the points
  // to run, each a standalone run (dp::run_sweep_point); poll_sweep returns the answers
  // that arrived since the last poll, each the dp::sweep_run_json text of its point;
  // cancel_sweep drops the rest (no answer of that sweep arrives after it). start_sweep
  // returns false when the machine has no workers (the app then runs the points itself,
  // a slice per frame). Starting a sweep cancels the one under way.
  std::function<bool(const std::string& config_json, const std::vector<SweepJob>& jobs)>
      start_sweep;
  std::function<std::vector<SweepAnswer>()> poll_sweep;
  std::function<void()> cancel_sweep;
  // A data table a config needs that the program may not carry ("digits", core/digits.h):
  // the desktop has it built in and provides it at once (true); the browser starts
  // fetching it (false), and hands it in with data_arrived() (api.h).
  std::function<bool(const std::string& name)> fetch_data;
  // The interface language changed (the page switches its own texts and <html lang>).
  std::function<void(const std::string& code)> language_changed;
  // A lesson's progress (app/lessons.h): kind is "step" (a step became current),
  // "step-done" or "lesson-done"; announcement says it in the interface language (the
  // page's live region). The page tells its host page of the last two (lesson-progress).
  std::function<void(const std::string& kind, const std::string& announcement)> lesson_event;
};

struct LaunchOptions {
  std::string config_json;  // partial config applied before the first frame, e.g. {"dropout":0.5}
  int train_epochs = 0;     // epochs trained before the first frame (screenshots, demos)
  bool paused = false;      // start paused instead of playing
  bool max_speed = false;   // train as fast as the frame budget allows
  // A first visit: the start card shows over the Curves until dismissed, which the app
  // remembers (Host::remember(kIntroKey, "seen")). The platform decides whether the
  // run also starts paused (a link's own paused= wins).
  bool intro = false;
  std::string lang;  // the interface language ("en", "fr"); "" keeps English
  std::string lessons_done;  // the lessons completed before (Host::remember(kLessonsKey): "pytorch,masks")
  std::string lesson;        // a lesson to open (its number or id), "" none
};
inline constexpr const char* kIntroKey = "intro";
inline constexpr const char* kLanguageKey = "lang";  // Host::remember: the language chosen
inline constexpr const char* kLessonsKey = "lessons";  // Host::remember: the lessons completed

// Returns nullptr and fills *error when the options are invalid. host outlives the app.
State* create(const Host& host, const LaunchOptions& options, std::string* error);
void frame(State& state);  // one bounded slice of training + the whole UI
void destroy(State* state);

double last_train_seconds(const State& state);  // the last frame's training time
// Whether the next frames have work of their own: training (running, or steps queued)
// or a picture computed a slice per frame. When not, and nothing happens outside, the
// platform may stop drawing until an input, a call or a message wakes it.
bool busy(const State& state);

// What happened outside the app, reported by the platform; the app shows a notice.
void copy_result(State& s, const std::string& what, bool ok, const std::string& why);
void file_saved(State& s, const std::string& where, bool ok, const std::string& why);
// A file from the browser's picker or a drop, the desktop's --data: a name ending in
// .csv is your own data (import_data), anything else a config (import_config).
void import_file(State& s, const std::string& name, const std::string& text);
void import_read_failed(State& s, const std::string& name, const std::string& why);
void graphics_restored(State& s);           // the GPU context came back: textures are made again
void page_visible(State& s, bool visible);  // a hidden page draws nothing; on return, no catch-up

// A widget's rectangle (UI units, top-left origin) from the last frame, by the id the
// panels report (e.g. "run.step", "export.csv"); false when it was not drawn.
// The interface language, by code ("en", "fr"): set_language is false (and changes
// nothing) for another code. English until set; one setting for the whole process.
bool set_language(const std::string& code);
const char* language();

struct WidgetRect {
  std::string id;
  float x = 0, y = 0, w = 0, h = 0;
  bool text = false;  // a text field (a tap on a phone opens the on-screen keyboard)
};
bool widget_rect(const State& s, const std::string& id, WidgetRect* out);
// Whether (x, y) is on a text field of the last frame (the page's touch handler asks, to
// focus its hidden <input> within the tap so that the phone's keyboard opens).
bool text_field_at(const State& s, float x, float y);
const std::vector<WidgetRect>& widget_rects(const State& s);

}  // namespace app
