#include "runtime/graph_capture.h"

namespace sluice {
namespace {
thread_local GraphCapture* current_capture = nullptr;
}  // namespace

GraphCapture::GraphCapture() : previous_(current_capture) { current_capture = this; }
GraphCapture::~GraphCapture() { current_capture = previous_; }
GraphCapture* GraphCapture::Current() { return current_capture; }

}  // namespace sluice
