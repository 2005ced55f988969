#include "http/security_headers.h"

namespace dateline::http {

void add_security_headers(Response& r) {
  r.set_header("Content-Security-Policy",
               "default-src 'self'; img-src 'self' data: https:; style-src 'self'; "
               "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
               "frame-ancestors 'none'");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  r.set_header("X-Frame-Options", "DENY");
}

}  // namespace dateline::http
