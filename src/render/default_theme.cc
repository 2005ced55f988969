// The definition of embedded_files() is generated from themes/default at build time.
#include "render/default_theme.h"
