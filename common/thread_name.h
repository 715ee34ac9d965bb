#ifndef SLUICE_COMMON_THREAD_NAME_H_
#define SLUICE_COMMON_THREAD_NAME_H_

#include <pthread.h>

#include <string>

namespace sluice {

// Names the calling thread, as `top` and debuggers show it; the kernel keeps at most 15 characters.
inline void NameCurrentThread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace sluice

#endif  // SLUICE_COMMON_THREAD_NAME_H_
