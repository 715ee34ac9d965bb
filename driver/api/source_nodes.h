#ifndef SLUICE_DRIVER_API_SOURCE_NODES_H_
#define SLUICE_DRIVER_API_SOURCE_NODES_H_

#include <string>

#include "driver/api/node.h"

namespace sluice {

// socketTextStream and textFileStream: lines of text. The receiver or the file reader on the worker does the
// reading; the node only turns a line into a record.
class TextSourceNode final : public TypedNode<std::string> {
 public:
  using TypedNode<std::string>::TypedNode;

  void FeedLine(std::string_view line, AnySink& downstream) const override {
    static_cast<Sink<std::string>&>(downstream).Push(std::string(line));
  }
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_SOURCE_NODES_H_
