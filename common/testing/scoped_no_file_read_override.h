#ifndef SLUICE_COMMON_TESTING_SCOPED_NO_FILE_READ_OVERRIDE_H_
#define SLUICE_COMMON_TESTING_SCOPED_NO_FILE_READ_OVERRIDE_H_

// Test helper: makes a mode-000 file really unreadable even when the tests run as root.

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sluice {

// Drops, for the calling thread only, the capabilities that let root read any file (CAP_DAC_OVERRIDE,
// CAP_DAC_READ_SEARCH) and gives them back on destruction. This is the real-world situation of a process
// running as root on an NFS export with root_squash, or in a container without those capabilities: a
// mode-000 file then fails open() with EACCES. For a non-root user it changes nothing. If it could not drop
// them, a test should check that the file is really unreadable and, if not, SLUICE_SKIP_FOR_ENVIRONMENT.
class ScopedNoFileReadOverride {
 public:
  ScopedNoFileReadOverride() {
    header_.version = _LINUX_CAPABILITY_VERSION_3;
    header_.pid = 0;  // the calling thread
    if (syscall(SYS_capget, &header_, saved_) != 0) return;
    __user_cap_data_struct reduced[2] = {saved_[0], saved_[1]};
    reduced[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
    dropped_ = syscall(SYS_capset, &header_, reduced) == 0;
  }
  ScopedNoFileReadOverride(const ScopedNoFileReadOverride&) = delete;
  ScopedNoFileReadOverride& operator=(const ScopedNoFileReadOverride&) = delete;
  ~ScopedNoFileReadOverride() {
    if (dropped_) syscall(SYS_capset, &header_, saved_);
  }

 private:
  __user_cap_header_struct header_{};
  __user_cap_data_struct saved_[2]{};
  bool dropped_ = false;
};

}  // namespace sluice

#endif  // SLUICE_COMMON_TESTING_SCOPED_NO_FILE_READ_OVERRIDE_H_
