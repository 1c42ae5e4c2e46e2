#ifndef HANDOVER_CGMIME_SHIM_H
#define HANDOVER_CGMIME_SHIM_H
#include <gmime/gmime.h>
#endif
