#ifndef TUNEKIT_CLIBXML2_SHIM_H
#define TUNEKIT_CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU. Seen from Swift next to Foundation, ICU's UErrorCode clashes
   ("has different definitions in different modules"), so hide the ICU parts before anything else. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#endif
