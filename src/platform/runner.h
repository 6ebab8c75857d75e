// The runner's one piece of shared state: the app it drives (for the web API glue).
#pragma once

namespace app {
struct State;
}

namespace platform {

app::State* current_app();  // nullptr before the app exists

}  // namespace platform
