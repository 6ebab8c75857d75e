# The Sweep (tests/browser/sweep.mjs) and the Uncertainty mode, included by src/app/app.cmake in the web build:
# playground.sweep() on Web Workers, its runs against the CLI's, its wall time and the
# frames meanwhile (measured, so it runs alone), Cancel, and the offline single file's
# sweep in its frames.
add_test(NAME browser_sweep
         COMMAND node ${CMAKE_SOURCE_DIR}/tests/browser/sweep.mjs --site ${DP_SITE_DIR}
                 --cli ${CMAKE_SOURCE_DIR}/build/native/playground-cli
                 --single ${CMAKE_BINARY_DIR}/playground-single.html
                 --out ${CMAKE_SOURCE_DIR}/build/artifacts
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(browser_sweep PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

# The data view's Uncertainty mode (tests/browser/uncertainty.mjs): the map's refresh rate
# and the frames' work while it refreshes (measured, so it runs alone), looking changes
# nothing, screenshots of the spiral and sine views.
add_test(NAME browser_uncertainty
         COMMAND node ${CMAKE_SOURCE_DIR}/tests/browser/uncertainty.mjs --site ${DP_SITE_DIR}
                 --out ${CMAKE_SOURCE_DIR}/build/artifacts
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(browser_uncertainty PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)
