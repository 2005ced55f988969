#include "media/media_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "media/image.h"
#include "media/test_images.h"
#include "testing/temp_dir.h"

namespace dateline::media {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kHash = "0123456789abcdef0123456789abcdef";

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

// A processed 700 x 400 image: variants at 320, 640 and 700, each in WebP and JPEG.
const ProcessedImage& sample() {
  static const ProcessedImage image = [] {
    auto processed = process_image(fixtures::encoded_noise(".png", 700, 400));
    EXPECT_TRUE(processed) << processed.error().message;
    return processed ? *processed : ProcessedImage{};
  }();
  return image;
}

// A small image whose variants are made up, with the hash `hash`.
ProcessedImage fake(std::string hash) {
  ProcessedImage image;
  image.content_hash = std::move(hash);
  image.variants = {{320, 200, "webp", "image/webp", "webp-320"},
                    {320, 200, "jpeg", "image/jpeg", "jpeg-320"},
                    {640, 400, "webp", "image/webp", "webp-640"},
                    {640, 400, "jpeg", "image/jpeg", "jpeg-640"}};
  return image;
}

TEST(MediaFilesTest, SaveWritesEachVariantUnderItsName) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path() / "media");
  const ProcessedImage& image = sample();
  ASSERT_EQ(image.variants.size(), 6u);
  auto stored = files.save(image);
  ASSERT_TRUE(stored) << stored.error().message;
  ASSERT_EQ(stored->size(), 6u);
  const std::string& h = image.content_hash;
  const std::vector<std::string> names = {h + "-320.webp", h + "-320.jpg",  h + "-640.webp",
                                          h + "-640.jpg",  h + "-700.webp", h + "-700.jpg"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const StoredVariant& s = (*stored)[i];
    const ImageVariant& v = image.variants[i];
    EXPECT_EQ(s.name, names[i]);
    EXPECT_EQ(s.width, v.width);
    EXPECT_EQ(s.height, v.height);
    EXPECT_EQ(s.format, v.format);
    EXPECT_EQ(s.mime, v.mime);
    EXPECT_EQ(s.bytes, v.bytes.size());
    EXPECT_EQ(fs::file_size(files.dir() / s.name), v.bytes.size());
  }
  EXPECT_EQ(files_in(files.dir()), std::set<std::string>(names.begin(), names.end()));
}

TEST(MediaFilesTest, ReadReturnsWhatWasSaved) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  const ProcessedImage& image = sample();
  auto stored = files.save(image);
  ASSERT_TRUE(stored) << stored.error().message;
  for (std::size_t i = 0; i < stored->size(); ++i) {
    auto bytes = files.read((*stored)[i].name);
    ASSERT_TRUE(bytes) << bytes.error().message;
    EXPECT_EQ(*bytes, image.variants[i].bytes);
    EXPECT_EQ(MediaFiles::mime_type((*stored)[i].name), image.variants[i].mime);
  }
}

TEST(MediaFilesTest, SavingTheSameImageTwiceKeepsOneCopy) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  auto first = files.save(fake(std::string(kHash)));
  auto second = files.save(fake(std::string(kHash)));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(files_in(tmp.path()).size(), 4u);
}

TEST(MediaFilesTest, SaveRefusesAMalformedHashAndWritesNothing) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  const std::vector<std::string> hashes = {"",    "../../etc/passwd",   "0123456789ABCDEF",
                                           "abc", "0123456789abcdef/x", std::string(65, 'a')};
  for (const std::string& hash : hashes) {
    auto stored = files.save(fake(hash));
    ASSERT_FALSE(stored) << hash;
    EXPECT_EQ(stored.error().code, core::Errc::kInvalidArgument);
  }
  ProcessedImage odd = fake(std::string(kHash));
  odd.variants[1].format = "png";
  EXPECT_EQ(files.save(odd).error().code, core::Errc::kInvalidArgument);
  EXPECT_TRUE(files_in(tmp.path()).empty());
}

TEST(MediaFilesTest, AFailedWriteRemovesWhatThisCallWroteAndLeavesNoTemporaryFiles) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  const std::string hash(kHash);
  // Something that is not ours already sits where the third file would go.
  fs::create_directory(tmp.path() / (hash + "-640.webp"));
  fs::create_directory(tmp.path() / (hash + "-640.webp") / "keep");
  auto stored = files.save(fake(hash));
  ASSERT_FALSE(stored);
  EXPECT_EQ(stored.error().code, core::Errc::kInternal);
  EXPECT_EQ(files_in(tmp.path()), std::set<std::string>{hash + "-640.webp"});
}

TEST(MediaFilesTest, AFailedWriteKeepsFilesAnEarlierSaveMade) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  const std::string hash(kHash);
  ProcessedImage small = fake(hash);
  small.variants.resize(2);  // the 320 pair
  ASSERT_TRUE(files.save(small));
  fs::create_directories(tmp.path() / (hash + "-640.jpg") / "keep");
  ASSERT_FALSE(files.save(fake(hash)));
  EXPECT_EQ(files_in(tmp.path()),
            (std::set<std::string>{hash + "-320.webp", hash + "-320.jpg", hash + "-640.jpg"}));
}

TEST(MediaFilesTest, ReadRefusesAnyNameOutsideThePattern) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path() / "media");
  ASSERT_TRUE(files.save(fake(std::string(kHash))));
  tmp.write("secret.txt", "not for readers");
  const std::string h(kHash);
  const std::vector<std::string> names = {
      "",
      "../etc/passwd",
      "/etc/passwd",
      "../secret.txt",
      "abc-320.webp",  // hash too short
      h + "-320.png",
      h + "-320.WEBP",
      h + "-320.jpeg",
      h + "-320.webp.jpg",
      h + "-320.webp/..",
      h + "-320.webp ",
      h + "-.webp",
      h + "-123456.webp",
      h + "-32a.webp",
      h + "--320.webp",
      h + "-320",
      "0123456789ABCDEF0123456789ABCDEF-320.webp",
      std::string(65, 'a') + "-320.webp",
      "../media/" + h + "-320.webp",
      "./" + h + "-320.webp",
      h + "-320.webp" + std::string(1, '\0'),
      "." + h + "-320.webp.tmp-0011223344556677",
  };
  for (const std::string& name : names) {
    EXPECT_FALSE(MediaFiles::is_valid_name(name)) << name;
    auto bytes = files.read(name);
    ASSERT_FALSE(bytes) << name;
    EXPECT_EQ(bytes.error().code, core::Errc::kNotFound) << name;
  }
  EXPECT_TRUE(MediaFiles::is_valid_name(h + "-320.webp"));
  EXPECT_TRUE(MediaFiles::is_valid_name(h + "-99999.jpg"));
  EXPECT_TRUE(MediaFiles::is_valid_name("0123456789abcdef-1.jpg"));
  EXPECT_TRUE(MediaFiles::is_valid_name(std::string(64, 'f') + "-1280.webp"));
}

TEST(MediaFilesTest, ReadOfAWellFormedNameThatIsNotStoredIsNotFound) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  EXPECT_EQ(files.read(std::string(kHash) + "-320.webp").error().code, core::Errc::kNotFound);
  MediaFiles missing(tmp.path() / "never-made");
  EXPECT_EQ(missing.read(std::string(kHash) + "-320.webp").error().code, core::Errc::kNotFound);
}

TEST(MediaFilesTest, ReadDoesNotFollowSymbolicLinksOrOpenDirectories) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  const fs::path secret = tmp.write("outside/secret.txt", "not for readers");
  const std::string link = std::string(kHash) + "-320.webp";
  fs::create_symlink(secret, tmp.path() / link);
  EXPECT_EQ(files.read(link).error().code, core::Errc::kNotFound);
  const std::string folder = std::string(kHash) + "-640.webp";
  fs::create_directory(tmp.path() / folder);
  EXPECT_EQ(files.read(folder).error().code, core::Errc::kNotFound);
}

TEST(MediaFilesTest, RemoveDeletesOnlyThatImagesFiles) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  const std::string mine(kHash);
  const std::string other = "fedcba9876543210fedcba9876543210";
  ASSERT_TRUE(files.save(fake(mine)));
  ASSERT_TRUE(files.save(fake(other)));
  tmp.write(mine + "-notes.txt", "unrelated");
  tmp.write(mine + "0-320.webp", "a longer hash that starts the same");

  auto removed = files.remove(mine);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, 4u);
  const auto left = files_in(tmp.path());
  EXPECT_EQ(left.size(), 6u);
  EXPECT_TRUE(left.contains(other + "-640.jpg"));
  EXPECT_TRUE(left.contains(mine + "-notes.txt"));
  EXPECT_TRUE(left.contains(mine + "0-320.webp"));
  EXPECT_EQ(files.read(mine + "-320.webp").error().code, core::Errc::kNotFound);
  EXPECT_TRUE(files.read(other + "-320.webp"));

  auto again = files.remove(mine);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);
}

TEST(MediaFilesTest, RemoveRefusesAMalformedHash) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  for (const char* hash : {"", "..", "../x", "*", "0123456789ABCDEF"}) {
    auto removed = files.remove(hash);
    ASSERT_FALSE(removed) << hash;
    EXPECT_EQ(removed.error().code, core::Errc::kInvalidArgument);
  }
  MediaFiles missing(tmp.path() / "never-made");
  auto none = missing.remove(kHash);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0u);
}

TEST(MediaFilesTest, SrcsetListsOneFormatByWidth) {
  const std::vector<StoredVariant> variants = {
      {"abc-640.webp", 640, 400, "webp", "image/webp", 10},
      {"abc-640.jpg", 640, 400, "jpeg", "image/jpeg", 10},
      {"abc-320.webp", 320, 200, "webp", "image/webp", 10},
      {"abc-320.jpg", 320, 200, "jpeg", "image/jpeg", 10},
  };
  EXPECT_EQ(MediaFiles::srcset(variants, "webp", "/media"),
            "/media/abc-320.webp 320w, /media/abc-640.webp 640w");
  EXPECT_EQ(MediaFiles::srcset(variants, "jpeg", "/media/"),
            "/media/abc-320.jpg 320w, /media/abc-640.jpg 640w");
  EXPECT_EQ(
      MediaFiles::srcset(variants, "jpg", "https://cdn.example.com/m"),
      "https://cdn.example.com/m/abc-320.jpg 320w, https://cdn.example.com/m/abc-640.jpg 640w");
  EXPECT_EQ(MediaFiles::srcset(variants, "webp", ""), "abc-320.webp 320w, abc-640.webp 640w");
  EXPECT_EQ(MediaFiles::srcset(variants, "gif", "/media"), "");
  EXPECT_EQ(MediaFiles::srcset({}, "webp", "/media"), "");
}

TEST(MediaFilesTest, SrcsetOfASavedImage) {
  testing::TempDir tmp;
  MediaFiles files(tmp.path());
  auto stored = files.save(sample());
  ASSERT_TRUE(stored);
  const std::string& h = sample().content_hash;
  EXPECT_EQ(MediaFiles::srcset(*stored, "webp", "/media"),
            "/media/" + h + "-320.webp 320w, /media/" + h + "-640.webp 640w, /media/" + h +
                "-700.webp 700w");
}

TEST(MediaFilesTest, MimeTypeFollowsTheExtension) {
  const std::string h(kHash);
  EXPECT_EQ(MediaFiles::mime_type(h + "-320.webp"), "image/webp");
  EXPECT_EQ(MediaFiles::mime_type(h + "-320.jpg"), "image/jpeg");
  EXPECT_EQ(MediaFiles::mime_type("../etc/passwd"), "");
}

}  // namespace
}  // namespace dateline::media
