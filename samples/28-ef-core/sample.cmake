# Talks to PostgreSQL through async::db (Linux, libpq): the server is the
# throw-away cluster of the pg_cluster fixture (test/db/pg_cluster.sh).
set(SAMPLE_REQUIRES asyncc_db)
set(SAMPLE_LIBS asyncc::db)
if(TARGET asyncc_db AND ASYNCC_BUILD_TESTS)
  include(AsynccPgCluster)
  asyncc_pg_cluster_fixture(_conninfo_file)
  set(SAMPLE_TEST_PROPERTIES FIXTURES_REQUIRED pg_cluster ENVIRONMENT "ASYNCC_PG_CONNINFO_FILE=${_conninfo_file}")
endif()
