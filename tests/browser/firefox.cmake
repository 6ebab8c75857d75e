# Browser tests on the second engine, and the strict page on both. Included by
# src/app/app.cmake in the web build (it sets DP_SITE_DIR and DP_SINGLE_HTML).
#  - browser_csp: index.html, embed.html and the single file under their
#    Content-Security-Policy, used normally and then attacked (tests/browser/csp.mjs).
#  - browser_firefox_<name>: the core browser tests in Debian's Firefox ESR, driven by
#    puppeteer-core over WebDriver BiDi in a private Xvfb the harness starts
#    (tests/browser/harness.mjs, --engine firefox): ready, play and pause, setConfig,
#    the canvas' Step button, native = WASM (e2e); the Share link's round trip and bad
#    link parameters (url_state); export parity under Debian's PyTorch, downloads,
#    import, clipboard (exports); the policy (csp).
set(DP_BROWSER_TESTS ${CMAKE_SOURCE_DIR}/tests/browser)
set(DP_BROWSER_OUT ${CMAKE_SOURCE_DIR}/build/artifacts)

add_test(NAME browser_csp
         COMMAND node ${DP_BROWSER_TESTS}/csp.mjs --site ${DP_SITE_DIR} --single ${DP_SINGLE_HTML}
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

add_test(NAME browser_firefox_e2e
         COMMAND node ${DP_BROWSER_TESTS}/e2e.mjs --engine firefox --site ${DP_SITE_DIR}
                 --cli ${CMAKE_SOURCE_DIR}/build/native/playground-cli --out ${DP_BROWSER_OUT}/firefox
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME browser_firefox_url_state
         COMMAND node ${DP_BROWSER_TESTS}/url_state.mjs --engine firefox --site ${DP_SITE_DIR}
                 --out ${DP_BROWSER_OUT}/firefox
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME browser_firefox_exports
         COMMAND node ${DP_BROWSER_TESTS}/exports.mjs --engine firefox --site ${DP_SITE_DIR}
                 --python /usr/bin/python3
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME browser_firefox_csp
         COMMAND node ${DP_BROWSER_TESTS}/csp.mjs --engine firefox --site ${DP_SITE_DIR}
                 --single ${DP_SINGLE_HTML}
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(browser_csp browser_firefox_e2e browser_firefox_url_state browser_firefox_exports
                     browser_firefox_csp PROPERTIES TIMEOUT 300)
