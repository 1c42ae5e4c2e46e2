#ifndef HANDOVER_CSODIUM_SHIM_H
#define HANDOVER_CSODIUM_SHIM_H
#include <sodium.h>
#endif
