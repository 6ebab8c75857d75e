# Long and random runs of the page in Chromium. Included by src/app/app.cmake in the web
# build (it sets DP_SITE_DIR).
#  - browser_soak: a 10,000-epoch run (frame time with 10,000 epochs on the curves no
#    worse than with 200), then 100,000 optimizer steps of the default config and its
#    twin at max speed; WASM memory and JS heap flat after the warm-up; no console error
#    (tests/browser/soak.mjs, a few minutes).
#  - browser_storm: 2,000 seeded random API calls and host page messages, garbage among
#    them; every answer keeps its promise, the config in force is the last one accepted,
#    and a fresh run of it equals the native CLI's trace (tests/browser/storm.mjs).
add_test(NAME browser_soak
         COMMAND node ${CMAKE_SOURCE_DIR}/tests/browser/soak.mjs --site ${DP_SITE_DIR}
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME browser_storm
         COMMAND node ${CMAKE_SOURCE_DIR}/tests/browser/storm.mjs --site ${DP_SITE_DIR}
                 --cli ${CMAKE_SOURCE_DIR}/build/native/playground-cli
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
# The soak's wall time follows the machine's load: about 1.5 min on an idle 2-core
# machine, several under a parallel build.
set_tests_properties(browser_soak PROPERTIES TIMEOUT 900)
set_tests_properties(browser_storm PROPERTIES TIMEOUT 600)
