#include "tk_prefetch.h"
