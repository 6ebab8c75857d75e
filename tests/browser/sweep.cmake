# The Sweep (tests/browser/sweep.mjs), included by src/app/app.cmake in the web build:
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
