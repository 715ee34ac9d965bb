#include "master/application.h"

namespace sluice {

bool Application::AllReceiversStopped() const {
  for (const auto& [node, receiver] : receivers) {
    if (!receiver.stopped) return false;
  }
  return true;
}

}  // namespace sluice
