#ifndef SLUICE_COMMON_HASH_H_
#define SLUICE_COMMON_HASH_H_

#include <cstdint>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace sluice {

// The partition of a key, from its encoded bytes: the same on every worker, every platform, every run.
inline uint32_t PartitionOfEncodedKey(std::string_view encoded_key, uint32_t num_partitions) {
  return static_cast<uint32_t>(XXH3_64bits(encoded_key.data(), encoded_key.size()) % num_partitions);
}

inline uint64_t StableHash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace sluice

#endif  // SLUICE_COMMON_HASH_H_
