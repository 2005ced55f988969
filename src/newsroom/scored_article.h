// ScoredArticle: an article id with the score that ranked it (trending or related). A plain value.
#pragma once

#include "content/model.h"

namespace dateline::newsroom {

struct ScoredArticle {
  content::Id id = 0;
  double score = 0;
};

// Ranking order shared by the newsroom lists: higher score first, then the higher (newer) id.
inline bool ranks_before(const ScoredArticle& a, const ScoredArticle& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.id > b.id;
}

}  // namespace dateline::newsroom
