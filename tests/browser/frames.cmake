# Frames (tests/browser/frames.mjs): no drawing while idle, and no accepted config that
# slows the frames down. Included by src/app/app.cmake in the web build. These
# measure frame intervals, so they run alone (RUN_SERIAL): another test's browser on
# the same two cores would be measured too.
#  - browser_frames: Chromium; idle and waking, then every limit at its maximum, alone
#    (6 s each) and all together (12 s each: 2-D and 1-D data), against the default
#    config (12 s). At 30 frames a second that is 180 to 360 intervals a window.
#  - browser_firefox_frames: Firefox ESR; idle and waking, then every limit at its
#    maximum all together (12 s) against the default config (each limit alone is the
#    Chromium test's; `--heavy all` runs them in Firefox too, in about 2 minutes).
add_test(NAME browser_frames
         COMMAND node ${CMAKE_SOURCE_DIR}/tests/browser/frames.mjs --site ${DP_SITE_DIR}
                 --heavy all --seconds 12 --alone-seconds 6
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
add_test(NAME browser_firefox_frames
         COMMAND node ${CMAKE_SOURCE_DIR}/tests/browser/frames.mjs --engine firefox
                 --site ${DP_SITE_DIR} --heavy together --seconds 12
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(browser_frames browser_firefox_frames PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)
