// generate_site: writes N deterministic, plausible news articles twice: as Dateline Markdown with
// front matter (what `dateline import` reads) and as a minimal Hugo site with the same articles
// (content/posts/*.md, config, layouts), plus the URL and query lists the load tests use.
//
//   generate_site --articles N --out DIR [--seed S] [--publish K]
//   generate_site --articles N --wxr FILE [--seed S]
//
// DIR/dateline/NNN/<slug>.md      N articles, 1000 per folder
// DIR/publish/<k>.md              K further articles for the publish -> visible benchmark
// DIR/hugo/                       config.toml, layouts/_default/{baseof,single,list}.html,
//                                 content/posts/<slug>.md
// DIR/lists/articles.txt          every article's path (/slug/), oldest first
// DIR/lists/tags.txt, categories.txt, authors.txt   list page paths
// DIR/lists/queries.txt           fixed search queries, one per line (raw text)
// DIR/lists/search.txt            the same as /search?q=... paths
//
// With --wxr it writes only FILE: N articles made the same way, as a WordPress export (WXR 1.2;
// HTML bodies, 70% block editor and 30% classic, about 2% drafts and 1% pages, a featured-image
// attachment for one post in five), which `dateline import FILE` reads. About 5 KB per post, so
// 200,000 posts make a 1 GB file; it is written as it is generated.
//
// The same seed and N always give byte-identical output. Single-threaded; no shared state.
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

// SplitMix64: tiny, fast and identical on every platform (unlike std distributions).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Uniform in [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
  }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  // Skewed towards the front of a list (roughly Zipf-like): popular items come first.
  std::size_t skewed(std::size_t n) {
    const std::size_t a = below(n), b = below(n);
    return a < b ? a : b;
  }
  template <class T>
  const T& pick(std::span<const T> items) {
    return items[below(items.size())];
  }

 private:
  std::uint64_t state_;
};

template <class T, std::size_t N>
const T& pick(Rng& rng, const std::array<T, N>& items) {
  return items[rng.below(N)];
}

using Words = std::vector<std::string_view>;

struct Section {
  std::string_view name;
  Words nouns;   // subjects of headlines in this section
  Words topics;  // objects of headlines
  Words tags;    // tags most articles of this section carry
  Words actors;  // organisations that act in this section
};

const std::vector<Section>& sections() {
  static const std::vector<Section> s = {
      {"Politics",
       {"parliament", "the cabinet", "the opposition", "the prime minister", "the senate",
        "the election commission", "the ruling coalition", "the governor", "lawmakers",
        "the supreme court"},
       {"electoral reform", "the budget vote", "a no-confidence motion", "campaign finance rules",
        "the constitutional amendment", "a caretaker setup", "local government elections",
        "judicial appointments", "the census results", "party funding"},
       {"elections", "parliament", "cabinet", "opposition", "senate", "judiciary", "governance",
        "coalition", "constitution", "protests", "census", "campaign"},
       {"the ruling party", "the election commission", "the interior ministry", "the senate"}},
      {"Business",
       {"the central bank", "exporters", "the finance ministry", "the stock exchange",
        "textile mills", "small traders", "the tax authority", "carmakers", "airlines",
        "the chamber of commerce"},
       {"interest rates", "the rupee", "inflation", "the trade deficit", "fuel prices",
        "new tariffs", "foreign investment", "the power tariff", "remittances", "bond yields"},
       {"economy", "trade", "inflation", "banking", "stocks", "energy", "tax", "exports",
        "investment", "currency", "budget", "industry"},
       {"the central bank", "the finance ministry", "the IMF", "the stock exchange"}},
      {"World",
       {"foreign ministers", "the United Nations", "border officials", "diplomats", "peacekeepers",
        "the European Union", "neighbouring states", "aid agencies", "envoys",
        "the security council"},
       {"a ceasefire", "border trade", "a prisoner exchange", "refugee returns", "sanctions",
        "a regional summit", "visa rules", "maritime boundaries", "humanitarian corridors",
        "a trade corridor"},
       {"diplomacy", "iran", "china", "afghanistan", "india", "refugees", "sanctions",
        "united-nations", "border", "summit", "gulf", "europe"},
       {"the foreign office", "the UN", "the European Union", "regional leaders"}},
      {"Sports",
       {"the national team", "the cricket board", "the hockey federation", "the coach",
        "the selectors", "the captain", "young athletes", "the football association",
        "the squash champion", "organisers"},
       {"the test series", "the World Cup squad", "a home series", "the league final",
        "a new stadium", "the tour schedule", "the T20 opener", "the training camp",
        "broadcast rights", "the Asian Games"},
       {"cricket", "hockey", "football", "squash", "olympics", "athletics", "t20", "world-cup",
        "stadiums", "coaching", "league", "tennis"},
       {"the cricket board", "the sports ministry", "the hockey federation", "organisers"}},
      {"Technology",
       {"telecom operators", "the IT ministry", "startups", "the regulator", "software exporters",
        "cybersecurity experts", "chip makers", "app developers", "the space agency",
        "broadband providers"},
       {"5G spectrum", "data protection rules", "a satellite launch", "digital payments",
        "the freelancer economy", "internet shutdowns", "cloud services", "a new data centre",
        "artificial intelligence", "mobile banking"},
       {"technology", "telecom", "startups", "internet", "cybersecurity", "ai", "fintech",
        "satellites", "software", "privacy", "broadband", "mobile"},
       {"the telecom authority", "the IT ministry", "the software association", "the regulator"}},
      {"Health",
       {"doctors", "the health ministry", "hospitals", "vaccinators", "nurses",
        "the drug regulator", "researchers", "public health experts", "pharmacies",
        "provincial health officials"},
       {"a polio campaign", "dengue cases", "hospital funding", "medicine prices",
        "a measles outbreak", "health insurance", "heatstroke cases", "a new cancer ward",
        "drug shortages", "maternal care"},
       {"health", "polio", "dengue", "hospitals", "vaccines", "medicine", "disease", "nutrition",
        "heatwave", "insurance", "doctors", "pandemic"},
       {"the health ministry", "the WHO", "the drug regulator", "the medical council"}},
      {"Science",
       {"scientists", "astronomers", "the science academy", "geologists", "marine biologists",
        "climate researchers", "university teams", "engineers", "physicists", "archaeologists"},
       {"glacier melt", "a rare comet", "earthquake risk", "ancient ruins", "a new species",
        "monsoon patterns", "groundwater depletion", "solar storms", "fossil finds",
        "a research vessel"},
       {"science", "research", "space", "glaciers", "earthquakes", "archaeology", "climate",
        "biology", "physics", "universities", "discovery", "ocean"},
       {"the science academy", "the space agency", "the geological survey", "universities"}},
      {"Culture",
       {"filmmakers", "musicians", "the arts council", "publishers", "poets", "museums",
        "festival organisers", "actors", "heritage officials", "craftsmen"},
       {"a literature festival", "the film awards", "a heritage site", "a music revival",
        "a new museum wing", "book prices", "a theatre season", "folk traditions",
        "a restoration project", "an art biennale"},
       {"culture", "film", "music", "books", "heritage", "festival", "art", "theatre", "museums",
        "poetry", "fashion", "television"},
       {"the arts council", "the culture ministry", "festival organisers", "heritage officials"}},
      {"Environment",
       {"farmers", "the climate ministry", "conservationists", "flood officials", "forest officers",
        "city planners", "water authorities", "wildlife experts", "residents",
        "the environment agency"},
       {"smog", "flood defences", "a tree plantation drive", "river pollution", "water shortages",
        "plastic bans", "the monsoon outlook", "wildlife protection", "heatwaves",
        "clean energy targets"},
       {"environment", "climate", "floods", "smog", "water", "forests", "wildlife", "pollution",
        "monsoon", "renewables", "drought", "plastic"},
       {"the climate ministry", "the environment agency", "the disaster authority", "WWF"}},
      {"Education",
       {"teachers", "universities", "the education ministry", "students", "school boards",
        "vice chancellors", "parents", "the higher education commission", "examiners",
        "private schools"},
       {"exam results", "school fees", "a new curriculum", "university funding",
        "out-of-school children", "teacher hiring", "scholarships", "campus safety", "entry tests",
        "digital classrooms"},
       {"education", "schools", "universities", "students", "exams", "teachers", "curriculum",
        "scholarships", "literacy", "campus", "fees", "research-funding"},
       {"the education ministry", "the higher education commission", "school boards",
        "the teachers' union"}},
  };
  return s;
}

constexpr std::array<std::string_view, 24> kHeadlineVerbs = {
    "weighs",  "approves",     "rejects",    "backs",     "delays",   "announces",
    "reviews", "warns over",   "pushes for", "questions", "defends",  "unveils",
    "eyes",    "signs off on", "criticises", "debates",   "extends",  "scraps",
    "targets", "probes",       "welcomes",   "moves on",  "revisits", "calls for talks on"};
constexpr std::array<std::string_view, 20> kPastVerbs = {
    "approved", "rejected",   "announced", "reviewed",  "discussed", "questioned", "defended",
    "unveiled", "criticised", "welcomed",  "postponed", "examined",  "endorsed",   "challenged",
    "outlined", "revised",    "proposed",  "debated",   "backed",    "studied"};
constexpr std::array<std::string_view, 14> kQualifiers = {
    "amid protests",      "after long talks", "ahead of budget", "as deadline nears",
    "despite objections", "in surprise move", "for second time", "after court ruling",
    "under new plan",     "as costs rise",    "before winter",   "in major shift",
    "after delays",       "with conditions"};
constexpr std::array<std::string_view, 16> kTimes = {"on Monday",
                                                     "on Tuesday",
                                                     "on Wednesday",
                                                     "on Thursday",
                                                     "on Friday",
                                                     "on Saturday",
                                                     "on Sunday",
                                                     "this week",
                                                     "late on Sunday",
                                                     "earlier this month",
                                                     "last week",
                                                     "on Monday evening",
                                                     "in a statement on Friday",
                                                     "after a meeting on Tuesday",
                                                     "at a news conference",
                                                     "during a briefing"};
constexpr std::array<std::string_view, 30> kCities = {
    "Islamabad",  "Karachi",   "Lahore",     "Peshawar", "Quetta",       "Multan",
    "Faisalabad", "Hyderabad", "Rawalpindi", "Gilgit",   "Muzaffarabad", "Sialkot",
    "Gwadar",     "Sukkur",    "Abbottabad", "Kabul",    "Tehran",       "New Delhi",
    "Dubai",      "Riyadh",    "Beijing",    "London",   "Washington",   "Geneva",
    "Brussels",   "Ankara",    "Doha",       "Dhaka",    "Colombo",      "Kathmandu"};
constexpr std::array<std::string_view, 40> kAuthors = {
    "Mehreen Aslam", "Tariq Mahmood", "Ayesha Siddiqui", "Bilal Qureshi", "Sana Rehman",
    "Imran Baig",    "Fatima Zaidi",  "Usman Ghani",     "Hina Javed",    "Kamran Yousaf",
    "Nadia Hussain", "Ali Raza",      "Zainab Malik",    "Hamza Sheikh",  "Rabia Anwar",
    "Faisal Iqbal",  "Sadia Khan",    "Omar Farooq",     "Mariam Tariq",  "Adnan Chaudhry",
    "Saima Butt",    "Junaid Akhtar", "Amna Shah",       "Waqas Ahmed",   "Noor Fatima",
    "Shahid Latif",  "Iqra Naseem",   "Asad Kazmi",      "Mahnoor Ilyas", "Danish Abbasi",
    "Kiran Saleem",  "Farhan Nawaz",  "Sobia Riaz",      "Yasir Hameed",  "Lubna Aziz",
    "Rizwan Haider", "Tehmina Ali",   "Saad Rafiq",      "Huma Qadir",    "Ahsan Jamil"};
constexpr std::array<std::string_view, 24> kPeople = {
    "Ahmed Khan",    "Sara Malik", "Javed Iqbal", "Nasreen Akhtar",  "Khalid Mehmood",
    "Rubina Shah",   "Asif Raza",  "Farah Naz",   "Tahir Hussain",   "Shazia Parveen",
    "Nadeem Abbas",  "Uzma Gul",   "Zahid Hamid", "Bushra Aziz",     "Irfan Ali",
    "Samina Baig",   "Arif Habib", "Nighat Dad",  "Pervez Hoodbhoy", "Adil Najam",
    "Ishrat Husain", "Huma Yusuf", "Moeed Yusuf", "Atif Mian"};
constexpr std::array<std::string_view, 12> kRoles = {
    "a senior official", "a spokesperson", "an analyst",          "a former minister",
    "the chairman",      "a professor",    "the director",        "a member of the committee",
    "an economist",      "a local leader", "a senior researcher", "the secretary"};
constexpr std::array<std::string_view, 16> kConnectives = {"However,",
                                                           "Meanwhile,",
                                                           "Separately,",
                                                           "In a statement,",
                                                           "Officials said",
                                                           "Critics argued",
                                                           "According to the figures,",
                                                           "At the same time,",
                                                           "Earlier,",
                                                           "Last year,",
                                                           "Under the plan,",
                                                           "In response,",
                                                           "Privately,",
                                                           "By contrast,",
                                                           "As a result,",
                                                           "On the ground,"};
constexpr std::array<std::string_view, 20> kCommonNouns = {
    "the proposal",  "the decision", "the measure",   "the report",   "the plan",
    "the agreement", "the review",   "the move",      "the policy",   "the project",
    "the talks",     "the survey",   "the committee", "the deadline", "the findings",
    "the budget",    "the package",  "the programme", "the inquiry",  "the schedule"};
constexpr std::array<std::string_view, 20> kOutcomes = {"would take effect next month",
                                                        "could cost billions of rupees",
                                                        "was long overdue",
                                                        "had been delayed twice",
                                                        "would be reviewed in six months",
                                                        "needed wider consultation",
                                                        "would help millions of families",
                                                        "had drawn sharp criticism",
                                                        "was expected to pass easily",
                                                        "remained under discussion",
                                                        "would be funded from next year's budget",
                                                        "had support from the provinces",
                                                        "raised serious questions",
                                                        "was a step in the right direction",
                                                        "would be implemented in phases",
                                                        "could face legal challenges",
                                                        "depended on foreign funding",
                                                        "was widely welcomed",
                                                        "had little public support",
                                                        "would be announced formally next week"};
constexpr std::array<std::string_view, 16> kQuotes = {"We cannot afford another delay",
                                                      "This is a matter of public trust",
                                                      "The numbers speak for themselves",
                                                      "Our priority is the people",
                                                      "We will not accept half measures",
                                                      "It is too early to judge",
                                                      "The details still need work",
                                                      "This decision was not taken lightly",
                                                      "We have been asking for this for years",
                                                      "Everyone must play their part",
                                                      "There is no quick fix",
                                                      "The situation is under control",
                                                      "We expect results within months",
                                                      "This sets an important precedent",
                                                      "We are ready to talk",
                                                      "The system has failed ordinary people"};
constexpr std::array<std::string_view, 10> kGeneralTags = {
    "pakistan",     "breaking",  "analysis", "explainer", "interview",
    "opinion-poll", "provinces", "youth",    "women",     "rural"};

std::string capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string slugify(std::string_view text) {
  std::string out;
  bool hyphen = false;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (hyphen && !out.empty()) out += '-';
      hyphen = false;
      out += c;
    } else if (c != '\'') {
      hyphen = true;
    }
  }
  return out;
}

std::string yaml_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2 ? 1 : 0));
}

// The civil date and time, in a zone `offset_seconds` east of UTC, of a UTC epoch second.
struct LocalTime {
  int year = 0;
  unsigned month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
};

LocalTime local_time(std::int64_t utc_seconds, std::int64_t offset_seconds) {
  const std::int64_t local = utc_seconds + offset_seconds;
  std::int64_t days = local / 86400;
  std::int64_t rem = local % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  LocalTime t;
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem % 3600 / 60);
  t.second = static_cast<int>(rem % 60);
  return t;
}

// RFC 3339 in +05:00 for a UTC epoch second.
std::string rfc3339_pkt(std::int64_t utc_seconds) {
  const auto t = local_time(utc_seconds, 5 * 3600);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+05:00", t.year, t.month, t.day,
                t.hour, t.minute, t.second);
  return buf;
}

struct Article {
  std::string slug;
  std::string title;
  std::string date;
  std::string dateline;
  std::string author;
  std::string category;
  std::vector<std::string> tags;
  std::string excerpt;
  std::string body;  // Markdown, Read More links as /slug/
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  std::string sentence(const Section& sec) {
    switch (rng_.below(7)) {
      case 0:
        return capitalise(std::string(rng_.pick(std::span(sec.nouns))) + " " +
                          std::string(pick(rng_, kPastVerbs)) + " " +
                          std::string(rng_.pick(std::span(sec.topics))) + " " +
                          std::string(pick(rng_, kTimes)) + ".");
      case 1:
        return std::string(pick(rng_, kConnectives)) + " " + std::string(pick(rng_, kCommonNouns)) +
               " " + std::string(pick(rng_, kOutcomes)) + ".";
      case 2:
        return "\u201c" + std::string(pick(rng_, kQuotes)) + ",\u201d said " +
               std::string(pick(rng_, kPeople)) + ", " + std::string(pick(rng_, kRoles)) + " at " +
               std::string(rng_.pick(std::span(sec.actors))) + ".";
      case 3:
        return capitalise(std::string(rng_.pick(std::span(sec.topics)))) + " rose by " +
               std::to_string(rng_.between(2, 48)) + " per cent over the past " +
               std::to_string(rng_.between(2, 18)) + " months, according to " +
               std::string(rng_.pick(std::span(sec.actors))) + ".";
      case 4:
        return "The talks in " + std::string(pick(rng_, kCities)) + " focused on " +
               std::string(rng_.pick(std::span(sec.topics))) + " and " +
               std::string(rng_.pick(std::span(sec.topics))) + ", " +
               std::string(pick(rng_, kRoles)) + " said.";
      case 5:
        return "Some " + std::to_string(rng_.between(3, 900)) + " " +
               (rng_.chance(50) ? "families" : "people") + " in " +
               std::string(pick(rng_, kCities)) + " could be affected by " +
               std::string(rng_.pick(std::span(sec.topics))) + ", " +
               std::string(pick(rng_, kCommonNouns)) + " " + std::string(pick(rng_, kOutcomes)) +
               ".";
      default:
        return capitalise(std::string(pick(rng_, kCommonNouns))) + " on " +
               std::string(rng_.pick(std::span(sec.topics))) + " " +
               std::string(pick(rng_, kOutcomes)) + ", said " + std::string(pick(rng_, kPeople)) +
               ", " + std::string(pick(rng_, kRoles)) + ".";
    }
  }

  std::string paragraph(const Section& sec) {
    std::string p;
    const int n = rng_.between(2, 5);
    for (int i = 0; i < n; ++i) {
      if (i) p += ' ';
      p += sentence(sec);
    }
    return p;
  }

  // `earlier` are articles already generated (for Read More links).
  Article article(std::size_t index, std::int64_t utc_seconds,
                  const std::vector<Article>& earlier) {
    const auto& secs = sections();
    const Section& sec = secs[rng_.skewed(secs.size())];
    Article a;
    std::string headline = capitalise(std::string(rng_.pick(std::span(sec.nouns))));
    // Strip a leading "The " from headline subjects: "Cabinet approves ..." reads like news.
    if (headline.starts_with("The ")) headline = capitalise(headline.substr(4));
    headline += " " + std::string(pick(rng_, kHeadlineVerbs)) + " " +
                std::string(rng_.pick(std::span(sec.topics)));
    if (rng_.chance(60)) headline += " " + std::string(pick(rng_, kQualifiers));
    a.title = headline;
    a.slug = slugify(headline) + "-" + std::to_string(index + 1);
    a.date = rfc3339_pkt(utc_seconds);
    a.dateline = std::string(pick(rng_, kCities));
    a.author = std::string(pick(rng_, kAuthors));
    a.category = std::string(sec.name);
    const int ntags = rng_.between(2, 4);
    for (int i = 0; i < ntags; ++i) {
      std::string t(sec.tags[rng_.skewed(sec.tags.size())]);
      bool dup = false;
      for (const auto& x : a.tags) dup = dup || x == t;
      if (!dup) a.tags.push_back(std::move(t));
    }
    if (rng_.chance(40)) a.tags.emplace_back(pick(rng_, kGeneralTags));
    if (rng_.chance(50)) a.excerpt = sentence(sec);

    const int paragraphs = rng_.between(5, 11);
    const int read_more_at =
        !earlier.empty() && rng_.chance(35) ? rng_.between(2, paragraphs - 1) : -1;
    for (int i = 0; i < paragraphs; ++i) {
      if (i) a.body += "\n\n";
      if (i == read_more_at) {
        // Link an earlier story, preferring recent ones, as newsrooms do.
        const std::size_t back = 1 + rng_.skewed(std::min<std::size_t>(earlier.size(), 500));
        const Article& other = earlier[earlier.size() - back];
        a.body += "Read More: [" + other.title + "](/" + other.slug + "/)\n\n";
      }
      if (i > 2 && rng_.chance(12)) {
        a.body += "## " + capitalise(std::string(rng_.pick(std::span(sec.topics)))) + "\n\n";
      }
      if (i > 1 && rng_.chance(8)) {
        for (int k = 0; k < 3; ++k) {
          a.body += "- " + capitalise(std::string(rng_.pick(std::span(sec.topics)))) + " " +
                    std::string(pick(rng_, kOutcomes)) + "\n";
        }
        a.body += "\n";
      }
      std::string p = paragraph(sec);
      if (rng_.chance(10)) {
        p += " The full text is available on the [official website](https://example.org/" +
             slugify(sec.name) + ").";
      }
      if (rng_.chance(10)) p = "**" + std::string(pick(rng_, kTimes)) + ":** " + p;
      a.body += p;
    }
    a.body += "\n";
    return a;
  }

  Rng& rng() { return rng_; }

 private:
  Rng rng_;
};

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out = "[";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i) out += ", ";
    out += tags[i];
  }
  return out + "]";
}

std::string dateline_markdown(const Article& a) {
  std::string out = "---\n";
  out += "title: " + yaml_quote(a.title) + "\n";
  out += "slug: " + a.slug + "\n";
  out += "date: " + a.date + "\n";
  out += "dateline: " + a.dateline + "\n";
  out += "author: " + a.author + "\n";
  out += "category: " + a.category + "\n";
  out += "tags: " + join_tags(a.tags) + "\n";
  if (!a.excerpt.empty()) out += "excerpt: " + yaml_quote(a.excerpt) + "\n";
  out += "---\n";
  out += a.body;
  return out;
}

std::string hugo_markdown(const Article& a) {
  std::string out = "---\n";
  out += "title: " + yaml_quote(a.title) + "\n";
  out += "slug: " + a.slug + "\n";
  out += "date: " + a.date + "\n";
  out += "author: " + yaml_quote(a.author) + "\n";
  out += "dateline: " + yaml_quote(a.dateline) + "\n";
  out += "categories: [" + a.category + "]\n";
  out += "tags: " + join_tags(a.tags) + "\n";
  if (!a.excerpt.empty()) out += "description: " + yaml_quote(a.excerpt) + "\n";
  out += "---\n";
  out += a.body;
  return out;
}

void write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// ---- WordPress export (--wxr) -----------------------------------------------------------------

// "YYYY-MM-DD HH:MM:SS" of a UTC epoch second shifted by `offset_seconds`, as WXR writes dates.
std::string wordpress_date(std::int64_t utc_seconds, std::int64_t offset_seconds) {
  const auto t = local_time(utc_seconds, offset_seconds);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return buf;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The generator's inline Markdown (**bold**, [text](url)) as HTML.
std::string inline_html(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 2) == "**") {
      const auto end = text.find("**", i + 2);
      if (end != std::string_view::npos) {
        out += "<strong>" + html_escape(text.substr(i + 2, end - i - 2)) + "</strong>";
        i = end + 2;
        continue;
      }
    }
    if (text[i] == '[') {
      const auto close = text.find("](", i);
      const auto paren = close == std::string_view::npos ? close : text.find(')', close);
      if (paren != std::string_view::npos) {
        out += "<a href=\"" + html_escape(text.substr(close + 2, paren - close - 2)) + "\">" +
               html_escape(text.substr(i + 1, close - i - 1)) + "</a>";
        i = paren + 1;
        continue;
      }
    }
    out += html_escape(text.substr(i, 1));
    ++i;
  }
  return out;
}

// The article's Markdown body as WordPress stores it: block-editor HTML with its <!-- wp:... -->
// comments, or (classic editor) paragraphs as plain text separated by blank lines.
std::string wordpress_body(std::string_view markdown, bool blocks) {
  std::string out;
  std::size_t start = 0;
  while (start < markdown.size()) {
    auto end = markdown.find("\n\n", start);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view block = markdown.substr(start, end - start);
    start = end + 2;
    while (!block.empty() && block.back() == '\n') block.remove_suffix(1);
    if (block.empty()) continue;
    if (!out.empty()) out += "\n\n";
    if (block.starts_with("## ")) {
      const auto heading = inline_html(block.substr(3));
      out += blocks ? "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" + heading +
                          "</h2>\n<!-- /wp:heading -->"
                    : "<h2>" + heading + "</h2>";
    } else if (block.starts_with("- ")) {
      std::string items;
      std::size_t line_start = 0;
      while (line_start < block.size()) {
        auto line_end = block.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = block.size();
        items +=
            "<li>" + inline_html(block.substr(line_start + 2, line_end - line_start - 2)) + "</li>";
        line_start = line_end + 1;
      }
      out += blocks ? "<!-- wp:list -->\n<ul>" + items + "</ul>\n<!-- /wp:list -->"
                    : "<ul>" + items + "</ul>";
    } else {
      out += blocks ? "<!-- wp:paragraph -->\n<p>" + inline_html(block) +
                          "</p>\n<!-- /wp:paragraph -->"
                    : inline_html(block);
    }
  }
  return out;
}

std::string cdata(std::string_view s) { return "<![CDATA[" + std::string(s) + "]]>"; }

// Writes `count` generated articles as a WordPress export (WXR 1.2) with what a real export
// carries besides posts: authors and categories in the channel, post meta, a featured-image
// attachment for one post in five, a few drafts and pages.
void write_wxr(const fs::path& path, std::size_t count, std::uint64_t seed) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  const std::string site = "https://bench.example.com";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
         "<rss version=\"2.0\"\n"
         "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
         "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
         "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
         "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
         "\txmlns:wp=\"http://wordpress.org/export/1.2/\"\n>\n<channel>\n"
         "\t<title>The Daily Bench</title>\n\t<link>"
      << site
      << "</link>\n\t<description>Benchmark edition</description>\n"
         "\t<language>en-US</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
         "\t<wp:base_site_url>"
      << site << "</wp:base_site_url>\n\t<wp:base_blog_url>" << site << "</wp:base_blog_url>\n";
  int author_id = 0;
  for (auto name : kAuthors) {
    const auto space = name.find(' ');
    out << "\t<wp:author><wp:author_id>" << ++author_id << "</wp:author_id><wp:author_login>"
        << cdata(slugify(name)) << "</wp:author_login><wp:author_email>"
        << cdata(slugify(name) + "@bench.example.com") << "</wp:author_email>"
        << "<wp:author_display_name>" << cdata(name) << "</wp:author_display_name>"
        << "<wp:author_first_name>" << cdata(name.substr(0, space)) << "</wp:author_first_name>"
        << "<wp:author_last_name>"
        << cdata(space == std::string_view::npos ? "" : name.substr(space + 1))
        << "</wp:author_last_name></wp:author>\n";
  }
  int term_id = 0;
  for (const auto& sec : sections()) {
    out << "\t<wp:category><wp:term_id>" << ++term_id << "</wp:term_id><wp:category_nicename>"
        << cdata(slugify(sec.name)) << "</wp:category_nicename><wp:category_parent>" << cdata("")
        << "</wp:category_parent><wp:cat_name>" << cdata(sec.name)
        << "</wp:cat_name></wp:category>\n";
  }
  out << "\t<generator>https://wordpress.org/?v=6.4.2</generator>\n";

  Generator gen(seed);
  const std::int64_t end = 1793491200;  // 2026-11-01T00:00:00Z, as for the Markdown site
  std::vector<std::int64_t> times(count);
  std::int64_t t = end;
  for (std::size_t i = count; i-- > 0;) {
    times[i] = t;
    t -= 60 * gen.rng().between(5, 25);
  }
  std::vector<Article> earlier;
  earlier.reserve(count);
  constexpr std::int64_t kOffset = 5 * 3600;  // the site's zone, Asia/Karachi
  std::string item;
  for (std::size_t i = 0; i < count; ++i) {
    Article a = gen.article(i, times[i], earlier);
    Rng& rng = gen.rng();
    const std::size_t id = i + 1;
    const std::string gmt = wordpress_date(times[i], 0);
    const std::string local = wordpress_date(times[i], kOffset);
    const bool blocks = rng.chance(70);
    const bool draft = rng.chance(2);
    const bool page = rng.chance(1);
    const bool featured = rng.chance(20);
    const std::size_t attachment_id = count + id;
    if (featured) {
      item = "\t<item>\n\t\t<title>" + cdata("photo-" + std::to_string(id)) + "</title>\n";
      item += "\t\t<guid isPermaLink=\"false\">" + site + "/wp-content/uploads/photo-" +
              std::to_string(id) + ".jpg</guid>\n";
      item += "\t\t<wp:post_id>" + std::to_string(attachment_id) + "</wp:post_id>\n";
      item += "\t\t<wp:post_date>" + cdata(local) + "</wp:post_date>\n";
      item += "\t\t<wp:post_date_gmt>" + cdata(gmt) + "</wp:post_date_gmt>\n";
      item += "\t\t<wp:status>" + cdata("inherit") + "</wp:status>\n";
      item += "\t\t<wp:post_parent>" + std::to_string(id) + "</wp:post_parent>\n";
      item += "\t\t<wp:post_type>" + cdata("attachment") + "</wp:post_type>\n";
      item += "\t\t<wp:attachment_url>" +
              cdata(site + "/wp-content/uploads/photo-" + std::to_string(id) + ".jpg") +
              "</wp:attachment_url>\n\t</item>\n";
      out << item;
    }
    item = "\t<item>\n\t\t<title>" + cdata(html_escape(a.title)) + "</title>\n";
    item += "\t\t<link>" + site + "/" + a.slug + "/</link>\n";
    item += "\t\t<dc:creator>" + cdata(slugify(a.author)) + "</dc:creator>\n";
    item += "\t\t<guid isPermaLink=\"false\">" + site + "/?p=" + std::to_string(id) + "</guid>\n";
    item += "\t\t<description></description>\n";
    item +=
        "\t\t<content:encoded>" + cdata(wordpress_body(a.body, blocks)) + "</content:encoded>\n";
    item += "\t\t<excerpt:encoded>" + cdata(html_escape(a.excerpt)) + "</excerpt:encoded>\n";
    item += "\t\t<wp:post_id>" + std::to_string(id) + "</wp:post_id>\n";
    item += "\t\t<wp:post_date>" + cdata(local) + "</wp:post_date>\n";
    item += "\t\t<wp:post_date_gmt>" + cdata(draft ? "0000-00-00 00:00:00" : gmt) +
            "</wp:post_date_gmt>\n";
    item += "\t\t<wp:post_modified>" + cdata(local) + "</wp:post_modified>\n";
    item += "\t\t<wp:post_modified_gmt>" + cdata(gmt) + "</wp:post_modified_gmt>\n";
    item += "\t\t<wp:comment_status>" + cdata("open") + "</wp:comment_status>\n";
    item += "\t\t<wp:ping_status>" + cdata("open") + "</wp:ping_status>\n";
    item += "\t\t<wp:post_name>" + cdata(draft ? "" : a.slug) + "</wp:post_name>\n";
    item += "\t\t<wp:status>" + cdata(draft ? "draft" : "publish") + "</wp:status>\n";
    item += "\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n";
    item += "\t\t<wp:post_type>" + cdata(page ? "page" : "post") + "</wp:post_type>\n";
    item += "\t\t<wp:post_password>" + cdata("") + "</wp:post_password>\n";
    item += "\t\t<wp:is_sticky>0</wp:is_sticky>\n";
    item += "\t\t<category domain=\"category\" nicename=\"" + slugify(a.category) + "\">" +
            cdata(a.category) + "</category>\n";
    for (const auto& tag : a.tags) {
      item += "\t\t<category domain=\"post_tag\" nicename=\"" + slugify(tag) + "\">" + cdata(tag) +
              "</category>\n";
    }
    item += "\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>" + cdata("_edit_last") +
            "</wp:meta_key>\n\t\t\t<wp:meta_value>" + cdata("1") +
            "</wp:meta_value>\n\t\t</wp:postmeta>\n";
    if (featured) {
      item += "\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>" + cdata("_thumbnail_id") +
              "</wp:meta_key>\n\t\t\t<wp:meta_value>" + cdata(std::to_string(attachment_id)) +
              "</wp:meta_value>\n\t\t</wp:postmeta>\n";
    }
    item += "\t</item>\n";
    out << item;
    a.body.clear();
    a.excerpt.clear();
    earlier.push_back(std::move(a));
  }
  out << "</channel>\n</rss>\n";
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A minimal Hugo site whose pages carry what Dateline's article page carries: head with
// description and canonical, masthead with section nav, byline, body, tags, Latest and Related.
void write_hugo_site(const fs::path& dir) {
  write_file(dir / "config.toml", R"(baseURL = "http://127.0.0.1/"
title = "The Daily Bench"
languageCode = "en"
# Only the article pages and the home page, as Dateline's cold render sweep covers articles.
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[permalinks]
  posts = "/:slug/"
[taxonomies]
  tag = "tags"
  category = "categories"
[params]
  # HUGO_PARAMS_RELATED=false builds without the Related News list (its cost dominates).
  related = true
  sections = ["Politics", "Business", "World", "Sports", "Technology", "Health", "Science",
              "Culture", "Environment", "Education"]
)");
  const fs::path layouts = dir / "layouts" / "_default";
  fs::create_directories(layouts);
  write_file(layouts / "baseof.html", R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} | {{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify | truncate 300 }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/site.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="container masthead">
    <a class="brand" href="/">{{ .Site.Title }}</a>
    <form class="search-form site-search" role="search" action="/search" method="get">
      <input class="search-input" type="search" name="q" placeholder="Search news">
      <button class="search-button" type="submit">Search</button>
    </form>
  </div>
  <nav class="sections-nav" aria-label="Sections"><ul class="container">
    {{ range .Site.Params.sections }}<li><a href="/category/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}
  </ul></nav>
</header>
<div class="container layout">
{{ block "main" . }}{{ end }}
</div>
<footer class="site-footer"><p>&copy; {{ now.Year }} {{ .Site.Title }}</p></footer>
</body>
</html>
)");
  write_file(layouts / "single.html", R"({{ define "main" }}
<main id="main" class="primary">
  <article class="story">
    <header class="story-header">
      {{ with .Params.categories }}<p class="kicker"><a href="/category/{{ index . 0 | urlize }}/">{{ index . 0 }}</a></p>{{ end }}
      <h1 class="story-title">{{ .Title }}</h1>
      {{ with .Description }}<p class="standfirst">{{ . }}</p>{{ end }}
      <div class="byline">
        <p class="byline-author">By <a href="/author/{{ .Params.author | urlize }}/">{{ .Params.author }}</a></p>
        <p class="byline-dates"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "January 2, 2006" }}</time></p>
      </div>
    </header>
    <div class="article-body"><p>{{ .Params.dateline }} (DB): </p>{{ .Content }}</div>
    <footer class="story-footer">
      <ul class="tags">{{ range .Params.tags }}<li><a href="/tag/{{ . | urlize }}/" rel="tag">{{ . }}</a></li>{{ end }}</ul>
    </footer>
  </article>
</main>
<aside class="rail">
  <section class="widget latest"><h2>Latest News</h2>
    {{ range first 5 .Site.RegularPages }}{{ partial "card.html" . }}{{ end }}
  </section>
  {{ if .Site.Params.related }}{{ with first 5 (.Site.RegularPages.Related .) }}
  <section class="widget related"><h2>Related News</h2>
    {{ range . }}{{ partial "card.html" . }}{{ end }}
  </section>
  {{ end }}{{ end }}
</aside>
{{ end }}
)");
  write_file(layouts / "list.html", R"({{ define "main" }}
<main id="main" class="primary">
  <h1>{{ .Site.Title }}</h1>
  {{ range first 11 .Site.RegularPages }}{{ partial "card.html" . }}{{ end }}
</main>
{{ end }}
)");
  const fs::path partials = dir / "layouts" / "partials";
  fs::create_directories(partials);
  write_file(partials / "card.html", R"(<article class="card">
  {{ with .Params.categories }}<p class="kicker"><a href="/category/{{ index . 0 | urlize }}/">{{ index . 0 }}</a></p>{{ end }}
  <h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  {{ with .Description }}<p class="card-excerpt">{{ . }}</p>{{ end }}
  <p class="meta"><span class="meta-author">By {{ .Params.author }}</span><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "Jan 2, 2006" }}</time></p>
</article>
)");
}

int usage() {
  std::cerr << "usage: generate_site --articles N --out DIR [--seed S] [--publish K]\n"
               "       generate_site --articles N --wxr FILE [--seed S]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  std::size_t publish = 5;
  std::uint64_t seed = 20251124;
  fs::path out;
  fs::path wxr;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--articles") {
      count = std::stoul(value);
    } else if (flag == "--out") {
      out = value;
    } else if (flag == "--seed") {
      seed = std::stoull(value);
    } else if (flag == "--publish") {
      publish = std::stoul(value);
    } else if (flag == "--wxr") {
      wxr = value;
    } else {
      return usage();
    }
  }
  if (count > 0 && !wxr.empty() && out.empty()) {
    try {
      write_wxr(wxr, count, seed);
    } catch (const std::exception& e) {
      std::cerr << "generate_site: " << e.what() << '\n';
      return 1;
    }
    std::cout << "generated " << count << " articles in " << wxr.string() << '\n';
    return 0;
  }
  if (count == 0 || out.empty()) return usage();

  try {
    fs::remove_all(out / "dateline");
    fs::remove_all(out / "hugo");
    fs::remove_all(out / "publish");
    fs::remove_all(out / "lists");
    fs::create_directories(out / "hugo" / "content" / "posts");
    fs::create_directories(out / "publish");
    fs::create_directories(out / "lists");
    write_hugo_site(out / "hugo");

    Generator gen(seed);
    // Fixed end date so output does not depend on today; articles every 5-25 minutes before it.
    const std::int64_t end = 1793491200;  // 2026-11-01T00:00:00Z
    std::vector<std::int64_t> times(count);
    std::int64_t t = end;
    for (std::size_t i = count; i-- > 0;) {
      times[i] = t;
      t -= 60 * gen.rng().between(5, 25);
    }

    std::vector<Article> articles;
    articles.reserve(count);
    std::ofstream urls(out / "lists" / "articles.txt", std::ios::binary);
    for (std::size_t i = 0; i < count; ++i) {
      Article a = gen.article(i, times[i], articles);
      const fs::path folder = out / "dateline" / (std::to_string(i / 1000 + 1000).substr(1));
      if (i % 1000 == 0) fs::create_directories(folder);
      write_file(folder / (a.slug + ".md"), dateline_markdown(a));
      write_file(out / "hugo" / "content" / "posts" / (a.slug + ".md"), hugo_markdown(a));
      urls << '/' << a.slug << "/\n";
      // Keep only what Read More links need, so 1,000,000 articles fit in memory.
      a.body.clear();
      a.excerpt.clear();
      articles.push_back(std::move(a));
    }

    // Articles to publish while serving: newer than everything, each with a unique search word.
    for (std::size_t k = 0; k < publish; ++k) {
      Article a = gen.article(count + k, end + 3600 * static_cast<std::int64_t>(k + 1), articles);
      const std::string marker = "zephyrbench" + std::to_string(k);
      a.title = "Breaking " + marker + ": " + a.title;
      a.slug = slugify(a.title);
      a.date = rfc3339_pkt(end + 3600 * static_cast<std::int64_t>(k + 1));
      write_file(out / "publish" / (std::to_string(k) + ".md"), dateline_markdown(a));
    }

    std::vector<std::string> tags, categories;
    for (const auto& sec : sections()) {
      categories.push_back("/category/" + slugify(sec.name) + "/");
      for (auto tag : sec.tags) tags.push_back("/tag/" + slugify(tag) + "/");
    }
    for (auto tag : kGeneralTags) tags.push_back("/tag/" + slugify(tag) + "/");
    std::ofstream tag_list(out / "lists" / "tags.txt", std::ios::binary);
    for (const auto& p : tags) tag_list << p << '\n';
    std::ofstream cat_list(out / "lists" / "categories.txt", std::ios::binary);
    for (const auto& p : categories) cat_list << p << '\n';
    std::ofstream author_list(out / "lists" / "authors.txt", std::ios::binary);
    for (auto name : kAuthors) author_list << "/author/" << slugify(name) << "/\n";

    // A fixed mix: frequent and rare single words, two-word queries, phrases, prefixes, misses.
    const std::vector<std::string> queries = {"inflation",
                                              "cricket",
                                              "polio",
                                              "smog",
                                              "rupee",
                                              "parliament",
                                              "glacier",
                                              "satellite",
                                              "festival",
                                              "scholarships",
                                              "interest rates",
                                              "border trade",
                                              "exam results",
                                              "fuel prices",
                                              "dengue cases",
                                              "flood defences",
                                              "world cup squad",
                                              "budget vote",
                                              "\"central bank\"",
                                              "\"trade deficit\"",
                                              "\"heritage site\"",
                                              "\"new curriculum\"",
                                              "infla*",
                                              "crick*",
                                              "satell*",
                                              "vacc*",
                                              "islamabad",
                                              "karachi trade",
                                              "lahore smog",
                                              "peshawar polio",
                                              "gwadar",
                                              "comet",
                                              "fossil",
                                              "spectrum",
                                              "remittances",
                                              "ceasefire talks",
                                              "museum wing",
                                              "teacher hiring",
                                              "plastic bans",
                                              "xylophonequartz"};
    std::ofstream query_list(out / "lists" / "queries.txt", std::ios::binary);
    std::ofstream search_list(out / "lists" / "search.txt", std::ios::binary);
    for (const auto& q : queries) {
      query_list << q << '\n';
      std::string encoded;
      for (unsigned char c : q) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' || c == '-') {
          encoded += static_cast<char>(c);
        } else if (c == ' ') {
          encoded += '+';
        } else {
          char buf[4];
          std::snprintf(buf, sizeof buf, "%%%02X", c);
          encoded += buf;
        }
      }
      search_list << "/search?q=" << encoded << '\n';
    }
  } catch (const std::exception& e) {
    std::cerr << "generate_site: " << e.what() << '\n';
    return 1;
  }
  std::cout << "generated " << count << " articles in " << out.string() << '\n';
  return 0;
}
