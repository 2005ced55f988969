// The default theme's files (themes/default), compiled into the binary, plus the vendor assets it
// needs from npm packages (node_modules/easymde/dist), keyed "assets/vendor/<file>" so Theme
// serves them like its own assets ("vendor/easymde.min.js"). See src/render/CMakeLists.txt.
#pragma once

#include <span>

#include "core/embedded.h"

namespace dateline::render::default_theme {

std::span<const core::EmbeddedFile> embedded_files();

}  // namespace dateline::render::default_theme
