#ifndef SLUICE_COMMON_BYTES_H_
#define SLUICE_COMMON_BYTES_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sluice {

// Appends primitive values to a byte string: LEB128 varints, little-endian fixed widths, length-prefixed bytes.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  void PutVarint(uint64_t v) {
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
      buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    buf[n++] = static_cast<char>(v);
    out_->append(buf, n);
  }
  void PutFixed32(uint32_t v) { out_->append(reinterpret_cast<const char*>(&v), 4); }
  void PutFixed64(uint64_t v) { out_->append(reinterpret_cast<const char*>(&v), 8); }
  void PutLengthPrefixed(std::string_view bytes) {
    PutVarint(bytes.size());
    out_->append(bytes.data(), bytes.size());
  }
  void PutRaw(std::string_view bytes) { out_->append(bytes.data(), bytes.size()); }

  std::string* buffer() { return out_; }
  size_t size() const { return out_->size(); }

 private:
  std::string* out_;
};

// Reads what ByteWriter wrote. Never reads past the end: a short or corrupt input turns `ok()` false
// and every later read yields zeroes, so decoders check once at the end instead of at every field.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  uint64_t GetVarint() {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return Fail();
      uint8_t byte = static_cast<uint8_t>(data_[pos_++]);
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return result;
    }
    return Fail();
  }
  uint32_t GetFixed32() {
    uint32_t v = 0;
    if (!Take(4, &v)) return 0;
    return v;
  }
  uint64_t GetFixed64() {
    uint64_t v = 0;
    if (!Take(8, &v)) return 0;
    return v;
  }
  std::string_view GetLengthPrefixed() {
    uint64_t n = GetVarint();
    if (!ok_ || n > data_.size() - pos_) {
      Fail();
      return {};
    }
    std::string_view view = data_.substr(pos_, n);
    pos_ += n;
    return view;
  }

  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ >= data_.size(); }
  size_t position() const { return pos_; }
  std::string_view remaining() const { return data_.substr(pos_); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = data_.size();
    return 0;
  }
  bool Take(size_t n, void* out) {
    if (n > data_.size() - pos_) {
      Fail();
      return false;
    }
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
    return true;
  }

  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_BYTES_H_
