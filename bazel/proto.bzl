"""Protobuf and gRPC code generation with the system protoc (Bazel's proto rules need an online repository)."""

def sluice_grpc_library(name, src, deps = [], visibility = None):
    """Generates C++ messages and gRPC stubs for one .proto file and wraps them in a cc_library.

    Keep generated code in exactly one library: two copies in one process abort at load.
    """
    base = src[:-len(".proto")]
    outs = [base + ext for ext in [".pb.h", ".pb.cc", ".grpc.pb.h", ".grpc.pb.cc"]]
    native.genrule(
        name = name + "_gen",
        srcs = [src],
        outs = outs,
        cmd = ("protoc -I. --cpp_out=$(GENDIR) --grpc_out=$(GENDIR) " +
               "--plugin=protoc-gen-grpc=$$(which grpc_cpp_plugin) $(location " + src + ")"),
    )
    native.cc_library(
        name = name,
        srcs = [base + ".pb.cc", base + ".grpc.pb.cc"],
        hdrs = [base + ".pb.h", base + ".grpc.pb.h"],
        deps = deps + ["//third_party:grpc", "//third_party:protobuf"],
        copts = ["-Wno-unused-parameter"],
        visibility = visibility,
    )
