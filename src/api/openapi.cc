// The OpenAPI 3.1 description of /api/v1/, kept beside the handlers it describes. tests/api checks
// it against real responses: a field added to a response must be added here too.
#include <boost/json.hpp>
#include <string_view>

#include "api/api.h"

namespace dateline::api {
namespace {

constexpr std::string_view kDocument = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "Dateline API",
    "version": "1.0.0",
    "summary": "Public reads of a Dateline news site's published content, and token-authenticated writes to its articles.",
    "description": "Public JSON views of published articles, authors, categories, tags and search: drafts and scheduled articles are never visible to readers.\n\nLists page with opaque cursors: pass `next_cursor` back as `cursor` (or follow the `Link: <...>; rel=\"next\"` header) until `next_cursor` is null. Article lists are ordered newest first and a cursor remembers the last article shown, so articles published or withdrawn while a client pages through neither repeat nor go missing.\n\nEvery GET 200 answer carries an `ETag`; send it back in `If-None-Match` to get 304 Not Modified. Errors are RFC 9457 problem documents (`application/problem+json`).\n\nWrites (create, update, publish, unpublish, delete articles) need an API token: a signed-in user creates one in the back office under API tokens (/admin/tokens), sees it once, and sends it as `Authorization: Bearer dl_...`. A token acts with its user's current role, as the back office does: contributors write and submit their own drafts, authors also publish their own articles, editors and admins anything. Bodies are JSON (`Content-Type: application/json`). Changes to an existing article name the version they are based on, the article's `version` member, either as `If-Match: \"<version>\"` (a stale one answers 412) or as a `version` member of the body (a stale one answers 409); nothing is overwritten. Invalid bodies answer 422 with an `errors` list naming each field."
  },
  "servers": [{"url": "/api/v1"}],
  "tags": [
    {"name": "articles"},
    {"name": "people and topics"},
    {"name": "meta"}
  ],
  "paths": {
    "/articles": {
      "get": {
        "operationId": "listArticles",
        "tags": ["articles"],
        "summary": "Published articles, newest first",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/CategoryFilter"},
          {"$ref": "#/components/parameters/TagFilter"},
          {"$ref": "#/components/parameters/AuthorFilter"}
        ],
        "responses": {
          "200": {
            "description": "A page of articles.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
              "Link": {"$ref": "#/components/headers/Link"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      },
      "post": {
        "operationId": "createArticle",
        "tags": ["articles"],
        "summary": "Write a new article: a draft, or one submitted for review",
        "description": "The token's user becomes the author (editors and admins may name another). A slug already taken gets -2, -3... appended. Publish it afterwards with /articles/{article}/publish.",
        "security": [{"apiToken": []}],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleCreate"}}}
        },
        "responses": {
          "201": {
            "description": "Created; Location names the new article.",
            "headers": {
              "Location": {"$ref": "#/components/headers/Location"},
              "Cache-Control": {"$ref": "#/components/headers/NoStore"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
          },
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/Unprocessable"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/articles/{article}": {
      "get": {
        "operationId": "getArticle",
        "tags": ["articles"],
        "summary": "One article, with its body as Markdown and as HTML",
        "description": "By slug: a published article. By numeric id: a published article or, with a token, any article the token's user may edit (answers seen with a token are `Cache-Control: private, no-store`). A number that names no such article is tried as a slug. A token sent here must be valid.",
        "security": [{}, {"apiToken": []}],
        "parameters": [
          {
            "name": "article",
            "in": "path",
            "required": true,
            "description": "The article's slug, or its numeric id.",
            "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
          }
        ],
        "responses": {
          "200": {
            "description": "The article.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
              "Vary": {"description": "Authorization: the answer depends on the token sent.", "schema": {"type": "string"}}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      },
      "patch": {
        "operationId": "updateArticle",
        "tags": ["articles"],
        "summary": "Change some of an article's fields",
        "description": "Members left out keep their value. Say which version the change is based on with If-Match or a version member. A live article's text changes for readers at once; its status changes only through publish and unpublish.",
        "security": [{"apiToken": []}],
        "parameters": [
          {"$ref": "#/components/parameters/ArticleId"},
          {"$ref": "#/components/parameters/IfMatch"}
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}}}
        },
        "responses": {
          "200": {
            "description": "Saved; the article with its new version.",
            "headers": {"Cache-Control": {"$ref": "#/components/headers/NoStore"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
          },
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "412": {"$ref": "#/components/responses/PreconditionFailed"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/Unprocessable"},
          "428": {"$ref": "#/components/responses/PreconditionRequired"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      },
      "delete": {
        "operationId": "deleteArticle",
        "tags": ["articles"],
        "summary": "Delete an article and its revisions",
        "description": "Say which version is deleted with If-Match or a body {\"version\": n}. Authors and contributors delete their own articles unless they are published; editors and admins any.",
        "security": [{"apiToken": []}],
        "parameters": [
          {"$ref": "#/components/parameters/ArticleId"},
          {"$ref": "#/components/parameters/IfMatch"}
        ],
        "requestBody": {
          "required": false,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VersionRequest"}}}
        },
        "responses": {
          "204": {"description": "Deleted.", "headers": {"Cache-Control": {"$ref": "#/components/headers/NoStore"}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "412": {"$ref": "#/components/responses/PreconditionFailed"},
          "428": {"$ref": "#/components/responses/PreconditionRequired"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/articles/{article}/publish": {
      "post": {
        "operationId": "publishArticle",
        "tags": ["articles"],
        "summary": "Publish an article now, or schedule it",
        "description": "Without published_at the article goes live now (publishing a live article changes nothing). With a future published_at it is scheduled and goes live then. The body and its version are optional; a version sent is checked.",
        "security": [{"apiToken": []}],
        "parameters": [
          {"$ref": "#/components/parameters/ArticleId"},
          {"$ref": "#/components/parameters/IfMatch"}
        ],
        "requestBody": {
          "required": false,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PublishRequest"}}}
        },
        "responses": {
          "200": {
            "description": "Published or scheduled.",
            "headers": {"Cache-Control": {"$ref": "#/components/headers/NoStore"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
          },
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "412": {"$ref": "#/components/responses/PreconditionFailed"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/Unprocessable"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/articles/{article}/unpublish": {
      "post": {
        "operationId": "unpublishArticle",
        "tags": ["articles"],
        "summary": "Withdraw a live or scheduled article to draft",
        "description": "Readers no longer see it. A draft or an article pending review is left as it is.",
        "security": [{"apiToken": []}],
        "parameters": [
          {"$ref": "#/components/parameters/ArticleId"},
          {"$ref": "#/components/parameters/IfMatch"}
        ],
        "requestBody": {
          "required": false,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VersionRequest"}}}
        },
        "responses": {
          "200": {
            "description": "Withdrawn (or already not live).",
            "headers": {"Cache-Control": {"$ref": "#/components/headers/NoStore"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
          },
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "412": {"$ref": "#/components/responses/PreconditionFailed"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/Unprocessable"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/authors": {
      "get": {
        "operationId": "listAuthors",
        "tags": ["people and topics"],
        "summary": "Every author, by name",
        "responses": {
          "200": {
            "description": "All authors (one page: next_cursor is always null).",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/authors/{slug}": {
      "get": {
        "operationId": "getAuthor",
        "tags": ["people and topics"],
        "summary": "One author, with the number of articles they published",
        "parameters": [{"$ref": "#/components/parameters/Slug"}],
        "responses": {
          "200": {
            "description": "The author.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AuthorDetail"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/categories": {
      "get": {
        "operationId": "listCategories",
        "tags": ["people and topics"],
        "summary": "Every category, in the site's navigation order",
        "responses": {
          "200": {
            "description": "All categories (one page: next_cursor is always null).",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CategoryList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/tags": {
      "get": {
        "operationId": "listTags",
        "tags": ["people and topics"],
        "summary": "Tags that at least one published article carries, by slug",
        "responses": {
          "200": {
            "description": "All used tags (one page: next_cursor is always null).",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TagList"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/search": {
      "get": {
        "operationId": "searchArticles",
        "tags": ["articles"],
        "summary": "Full-text search over published articles, best match first",
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "required": true,
            "description": "What to search for: words (all must match; case and accents are ignored), \"quoted phrases\" and prefix* terms. At most 200 bytes.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 200}
          },
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/CategoryFilter"},
          {"$ref": "#/components/parameters/TagFilter"},
          {"$ref": "#/components/parameters/AuthorFilter"},
          {
            "name": "from",
            "in": "query",
            "description": "Only articles published on or after this date (YYYY-MM-DD, in the site's time zone, or an ISO 8601 date and time).",
            "schema": {"type": "string"}
          },
          {
            "name": "to",
            "in": "query",
            "description": "Only articles published on or before this date (the whole day is included).",
            "schema": {"type": "string"}
          }
        ],
        "responses": {
          "200": {
            "description": "A page of search hits.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"},
              "Link": {"$ref": "#/components/headers/Link"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "default": {"$ref": "#/components/responses/Problem"}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getOpenApiDocument",
        "tags": ["meta"],
        "summary": "This document",
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 description of this API.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "Cache-Control": {"$ref": "#/components/headers/CacheControl"}
            },
            "content": {"application/json": {"schema": {"type": "object"}}}
          },
          "304": {"$ref": "#/components/responses/NotModified"}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "dl_ followed by 43 base64url characters",
        "description": "A per-user API token, created (and shown once) in the back office under API tokens. It acts with its user's current role; revoking it, or deleting the account, ends it."
      }
    },
    "parameters": {
      "ArticleId": {
        "name": "article",
        "in": "path",
        "required": true,
        "description": "The article's numeric id (writes never take a slug).",
        "schema": {"type": "integer", "minimum": 1}
      },
      "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "description": "The version the change is based on, quoted: \"3\". A different current version answers 412.",
        "schema": {"type": "string"}
      },
      "Slug": {
        "name": "slug",
        "in": "path",
        "required": true,
        "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "description": "Items per page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
      },
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "description": "The next_cursor of the previous page, unchanged. Leave out for the first page.",
        "schema": {"type": "string"}
      },
      "CategoryFilter": {
        "name": "category",
        "in": "query",
        "description": "Only articles in the category with this slug.",
        "schema": {"type": "string"}
      },
      "TagFilter": {
        "name": "tag",
        "in": "query",
        "description": "Only articles carrying the tag with this slug.",
        "schema": {"type": "string"}
      },
      "AuthorFilter": {
        "name": "author",
        "in": "query",
        "description": "Only articles by the author with this slug.",
        "schema": {"type": "string"}
      }
    },
    "headers": {
      "ETag": {
        "description": "A strong validator of the body; send it in If-None-Match to get 304.",
        "schema": {"type": "string"}
      },
      "CacheControl": {
        "description": "public, max-age=60; private, no-store for answers seen with a token.",
        "schema": {"type": "string"}
      },
      "NoStore": {
        "description": "no-store",
        "schema": {"type": "string"}
      },
      "Location": {
        "description": "The new article's address in this API, /api/v1/articles/{id}.",
        "schema": {"type": "string"}
      },
      "Link": {
        "description": "`<...>; rel=\"next\"` with the URL of the next page, when there is one.",
        "schema": {"type": "string"}
      }
    },
    "responses": {
      "NotModified": {
        "description": "The representation matching If-None-Match is still current; no body.",
        "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}
      },
      "BadRequest": {
        "description": "A query parameter is missing or malformed; `parameter` names it.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "NotFound": {
        "description": "Nothing published has this slug; for writes, no article has this id.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Unauthorized": {
        "description": "The Authorization header is missing, or its token is malformed, unknown or revoked, or its account is gone.",
        "headers": {
          "WWW-Authenticate": {"description": "Bearer realm=\"Dateline API\" (with error=\"invalid_token\" for a bad token).", "schema": {"type": "string"}}
        },
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Forbidden": {
        "description": "The token's role does not allow this on this article; nothing was changed.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Conflict": {
        "description": "The version member is not the article's current version (current_version says which it is), the slug is taken, or the article is already published; nothing was changed.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "PreconditionFailed": {
        "description": "If-Match does not name the article's current version (current_version); nothing was changed.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "PreconditionRequired": {
        "description": "The change names no version: send If-Match or a version member.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "UnsupportedMediaType": {
        "description": "The body is not sent as application/json.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Unprocessable": {
        "description": "The body is not a JSON object, or some members are invalid: `errors` names each; nothing was changed.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      },
      "Problem": {
        "description": "Any other error: 405 for a method the path does not offer (with an Allow header), 413 for a body over the limit, 414 for an over-long URL, 500 for a failure of ours.",
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
      }
    },
    "schemas": {
      "Problem": {
        "description": "RFC 9457 problem details.",
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
          "type": {"type": "string", "format": "uri-reference", "description": "Always about:blank: the status code says what kind of problem this is."},
          "title": {"type": "string", "description": "The status code's reason phrase."},
          "status": {"type": "integer"},
          "detail": {"type": "string", "description": "What went wrong and how to fix it, for people."},
          "instance": {"type": "string", "format": "uri-reference", "description": "The request target."},
          "parameter": {"type": "string", "description": "For 400s: the query parameter at fault."},
          "errors": {
            "type": "array",
            "description": "For 422s: each invalid member of the body.",
            "items": {
              "type": "object",
              "required": ["field", "detail"],
              "properties": {
                "field": {"type": "string", "description": "The member's name, e.g. title."},
                "detail": {"type": "string"}
              }
            }
          },
          "current_version": {"type": "integer", "description": "For 409s and 412s: the article's current version."}
        }
      },
      "AuthorRef": {
        "type": "object",
        "required": ["name", "slug", "url"],
        "properties": {
          "name": {"type": "string"},
          "slug": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The author's page on the site."}
        }
      },
      "Author": {
        "type": "object",
        "required": ["slug", "name", "bio", "url"],
        "properties": {
          "slug": {"type": "string"},
          "name": {"type": "string"},
          "bio": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The author's page on the site."}
        }
      },
      "AuthorDetail": {
        "allOf": [
          {"$ref": "#/components/schemas/Author"},
          {
            "type": "object",
            "required": ["article_count"],
            "properties": {
              "article_count": {"type": "integer", "minimum": 0, "description": "Published articles by this author."}
            }
          }
        ]
      },
      "Category": {
        "type": "object",
        "required": ["slug", "name", "url"],
        "properties": {
          "slug": {"type": "string"},
          "name": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The category's page on the site."}
        }
      },
      "Tag": {
        "type": "object",
        "required": ["slug", "name", "url"],
        "properties": {
          "slug": {"type": "string"},
          "name": {"type": "string"},
          "url": {"type": "string", "format": "uri", "description": "The tag's page on the site."}
        }
      },
      "ArticleSummary": {
        "type": "object",
        "required": ["id", "slug", "title", "path", "url", "dateline", "excerpt", "author", "category", "tags", "published_at", "updated_at", "status", "version"],
        "properties": {
          "id": {"type": "integer"},
          "slug": {"type": "string"},
          "title": {"type": "string"},
          "path": {"type": "string", "description": "The article's canonical path on the site, e.g. /2025/11/27/budget-passed/."},
          "url": {"type": "string", "format": "uri", "description": "The canonical path as an absolute URL."},
          "dateline": {"type": "string", "description": "The city the story is filed from; may be empty."},
          "excerpt": {"type": "string"},
          "author": {"$ref": "#/components/schemas/AuthorRef"},
          "category": {"anyOf": [{"$ref": "#/components/schemas/Category"}, {"type": "null"}]},
          "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
          "published_at": {"type": ["string", "null"], "format": "date-time", "description": "UTC, e.g. 2025-11-27T09:05:00Z; for a scheduled article, when it goes live. Null only for drafts and articles pending review (seen with a token)."},
          "updated_at": {"type": "string", "format": "date-time", "description": "Last edit after publication (UTC); equals published_at when never edited."},
          "status": {"type": "string", "enum": ["draft", "pending", "scheduled", "published"], "description": "Always published for readers; other statuses are seen only with a token."},
          "version": {"type": "integer", "minimum": 1, "description": "Grows with every save; send it back (If-Match or version) with a change."}
        }
      },
      "ArticleInput": {
        "type": "object",
        "description": "The members of an article a write may set; any other member is refused (422).",
        "additionalProperties": false,
        "properties": {
          "title": {"type": "string", "minLength": 1, "description": "The headline, at most 300 bytes."},
          "slug": {"type": "string", "description": "Lowercase words joined by hyphens; derived from the title when left out or empty on creation."},
          "dateline": {"type": "string", "description": "The city the story is filed from, at most 200 bytes."},
          "excerpt": {"type": "string", "description": "At most 1000 bytes."},
          "body_markdown": {"type": "string", "description": "The story in Markdown, at most 500,000 bytes."},
          "category": {"type": ["string", "null"], "description": "A category's slug (see /categories); null or empty for none."},
          "tags": {"type": "array", "maxItems": 20, "items": {"type": "string"}, "description": "Tag names, created as needed; replaces the article's tags."},
          "status": {"type": "string", "enum": ["draft", "pending"], "description": "pending submits the article for review. Publishing has its own endpoint."},
          "author": {"type": "string", "description": "An author's slug; only editors and admins may name someone other than themselves."},
          "version": {"type": "integer", "minimum": 1, "description": "For changes: the version they are based on (instead of If-Match)."}
        }
      },
      "ArticleCreate": {
        "allOf": [
          {"$ref": "#/components/schemas/ArticleInput"},
          {"type": "object", "required": ["title"]}
        ]
      },
      "PublishRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "published_at": {"type": ["string", "null"], "format": "date-time", "description": "A future time to schedule the article for (without an offset, the site's time zone applies). Leave out to publish now."},
          "version": {"type": "integer", "minimum": 1}
        }
      },
      "VersionRequest": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "version": {"type": "integer", "minimum": 1}
        }
      },
      "Article": {
        "allOf": [
          {"$ref": "#/components/schemas/ArticleSummary"},
          {
            "type": "object",
            "required": ["body_markdown", "body_html"],
            "properties": {
              "body_markdown": {"type": "string"},
              "body_html": {"type": "string", "description": "The body as the article page shows it: sanitized HTML opening with the dateline."}
            }
          }
        ]
      },
      "SearchHit": {
        "allOf": [
          {"$ref": "#/components/schemas/ArticleSummary"},
          {
            "type": "object",
            "required": ["snippet_html"],
            "properties": {
              "snippet_html": {"type": "string", "description": "Escaped text around the matches, each wrapped in <mark>."}
            }
          }
        ]
      },
      "ListEnvelope": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {
          "items": {"type": "array"},
          "next_cursor": {"type": ["string", "null"], "description": "Pass as cursor to get the next page; null on the last page."}
        }
      },
      "ArticleList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {
            "type": "object",
            "required": ["total"],
            "properties": {
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleSummary"}},
              "total": {"type": "integer", "description": "Articles matching the filters over all pages."}
            }
          }
        ]
      },
      "SearchResults": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {
            "type": "object",
            "required": ["query", "total", "total_exact"],
            "properties": {
              "query": {"type": "string", "description": "The search text as understood (trimmed)."},
              "items": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
              "total": {"type": "integer", "description": "Hits over all pages when total_exact; otherwise the hits counted, and there are more."},
              "total_exact": {"type": "boolean", "description": "False when counting stopped before the last hit (common words in a large archive): total is then a lower bound, and the last page is the one without next_cursor."}
            }
          }
        ]
      },
      "AuthorList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Author"}}}}
        ]
      },
      "CategoryList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}}}
        ]
      },
      "TagList": {
        "allOf": [
          {"$ref": "#/components/schemas/ListEnvelope"},
          {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}}}
        ]
      }
    }
  }
})json";

}  // namespace

boost::json::value openapi_document() { return boost::json::parse(kDocument); }

}  // namespace dateline::api
