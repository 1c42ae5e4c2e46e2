#ifndef HANDOVER_CGMIME_SHIM_H
#define HANDOVER_CGMIME_SHIM_H
#include <gmime/gmime.h>

/// GObject type checks are macros; these make them callable from Swift.
static inline gboolean handover_gmime_is_multipart(GMimeObject *o) { return GMIME_IS_MULTIPART(o); }
static inline gboolean handover_gmime_is_part(GMimeObject *o) { return GMIME_IS_PART(o); }
static inline gboolean handover_gmime_is_text_part(GMimeObject *o) { return GMIME_IS_TEXT_PART(o); }
static inline gboolean handover_gmime_is_message_part(GMimeObject *o) { return GMIME_IS_MESSAGE_PART(o); }
static inline gboolean handover_internet_address_is_mailbox(InternetAddress *a) { return INTERNET_ADDRESS_IS_MAILBOX(a); }
static inline gboolean handover_internet_address_is_group(InternetAddress *a) { return INTERNET_ADDRESS_IS_GROUP(a); }
#endif
