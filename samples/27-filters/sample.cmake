# A WebApplication (async::web) on 127.0.0.1 and a free port, called by
# HttpClient in the same process.
set(SAMPLE_REQUIRES asyncc_web asyncc_http)
set(SAMPLE_LIBS asyncc::web asyncc::http)
