#ifndef HANDOVER_CPOSTGRES_SHIM_H
#define HANDOVER_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#endif
