// The security headers every HTML answer carries: a Content-Security-Policy that allows only the
// site's own scripts, styles and frames (no inline code), no MIME sniffing, no framing and a
// referrer trimmed to the origin for other sites. Pure function; thread-safe.
#pragma once

#include "http/message.h"

namespace dateline::http {

// Sets Content-Security-Policy, X-Content-Type-Options, Referrer-Policy and X-Frame-Options on
// `response`, replacing any it had.
void add_security_headers(Response& response);

}  // namespace dateline::http
