#include "core/result.h"

namespace dateline::core {

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::kNotFound:
      return "not_found";
    case Errc::kInvalidArgument:
      return "invalid_argument";
    case Errc::kConflict:
      return "conflict";
    case Errc::kUnauthenticated:
      return "unauthenticated";
    case Errc::kForbidden:
      return "forbidden";
    case Errc::kUnavailable:
      return "unavailable";
    case Errc::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace dateline::core
