# ui/ and app/ contain no SQL (docs/architecture.md). The probes in this folder show that code
# linked like them cannot include QtSql's headers; this check also catches what a probe cannot:
# QtSql reached by its module path (<QtSql/…> is on the include path through QtCore's folder,
# and astralis_services, a static library, brings QtSql onto every final link line).
#   cmake -DSOURCE_DIR=<repo> -P check_no_sql.cmake
cmake_minimum_required(VERSION 3.16)
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/ui/*.h
     ${SOURCE_DIR}/app/*.cpp ${SOURCE_DIR}/app/*.h)
set(found "")
foreach(source ${sources})
    file(STRINGS ${SOURCE_DIR}/${source} lines REGEX "QSql|QtSql|DirectConnectionSql\\.h")
    foreach(line ${lines})
        string(APPEND found "${source}: ${line}\n")
    endforeach()
endforeach()
if(found)
    message(FATAL_ERROR "SQL above services (use a service's typed API instead):\n${found}")
endif()
message(STATUS "ui/ and app/ contain no SQL")
