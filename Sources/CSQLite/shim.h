// The system SQLite (Debian: libsqlite3-dev), reached through a system-library target.
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
