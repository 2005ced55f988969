// The default theme's files (themes/default), compiled into the binary.
#pragma once

#include <span>

#include "core/embedded.h"

namespace dateline::render::default_theme {

std::span<const core::EmbeddedFile> embedded_files();

}  // namespace dateline::render::default_theme
