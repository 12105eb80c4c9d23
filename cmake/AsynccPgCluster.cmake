# asyncc_pg_cluster_fixture(<out_var>): the ctest fixture "pg_cluster" (a
# throw-away PostgreSQL cluster, test/db/pg_cluster.sh), defined once per
# build tree. Sets <out_var> to the file holding the connection string;
# tests that use the server set FIXTURES_REQUIRED pg_cluster and
# ENVIRONMENT ASYNCC_PG_CONNINFO_FILE=<that file>. When the server cannot
# start, the setup test fails with the reason and ctest fails the tests
# that need it (never skipped).
#
# The cluster lives under ASYNCC_PG_CLUSTER_ROOT (default /tmp), not in the
# build tree: when the tests run as root, the server runs as an unprivileged
# user that must be able to enter every parent folder, and a checkout under
# /root is not. One folder per build tree (a hash of its path).
set(ASYNCC_PG_CLUSTER_ROOT "/tmp" CACHE PATH "Where the test PostgreSQL clusters are created")
function(asyncc_pg_cluster_fixture out_var)
  string(MD5 _hash "${CMAKE_BINARY_DIR}")
  string(SUBSTRING "${_hash}" 0 12 _hash)
  set(_dir "${ASYNCC_PG_CLUSTER_ROOT}/asyncc-pg-${_hash}")
  set(${out_var} "${_dir}/conninfo" PARENT_SCOPE)
  get_property(_defined GLOBAL PROPERTY ASYNCC_PG_CLUSTER_DEFINED)
  if(_defined)
    return()
  endif()
  set_property(GLOBAL PROPERTY ASYNCC_PG_CLUSTER_DEFINED TRUE)
  set(_script "${PROJECT_SOURCE_DIR}/test/db/pg_cluster.sh")
  add_test(NAME db.cluster.start COMMAND "${_script}" start "${_dir}")
  add_test(NAME db.cluster.stop COMMAND "${_script}" stop "${_dir}")
  set_tests_properties(db.cluster.start PROPERTIES FIXTURES_SETUP pg_cluster TIMEOUT 120)
  set_tests_properties(db.cluster.stop PROPERTIES FIXTURES_CLEANUP pg_cluster TIMEOUT 60)
endfunction()
