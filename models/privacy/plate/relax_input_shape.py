"""Makes LPD-YuNet take any input size: its declared input [1, 3, 240, 320] becomes [1, 3, height, width] and its
outputs [4385, k] become [priors, k]. Every Reshape in the graph already uses -1, so only the declarations change;
the stored shape hints (value_info) of the 320x240 export are dropped, as they no longer hold.

Standard library only (no onnx package on the build machines): the file is rewritten at the protobuf level.
Usage: python3 relax_input_shape.py ORIGINAL.onnx RELAXED.onnx
"""
import hashlib
import sys

# ModelProto.graph, GraphProto.input/output/value_info, ValueInfoProto.type, TypeProto.tensor_type,
# TypeProto.Tensor.shape, TensorShapeProto.dim, Dimension.dim_value/dim_param (onnx.proto3 field numbers)
MODEL_GRAPH, GRAPH_INPUT, GRAPH_OUTPUT, GRAPH_VALUE_INFO = 7, 11, 12, 13
VALUE_INFO_TYPE, TYPE_TENSOR, TENSOR_SHAPE, SHAPE_DIM, DIM_VALUE, DIM_PARAM = 2, 1, 2, 1, 1, 2


def read_varint(data, pos):
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def write_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def parse(data):
    """[(field number, wire type, raw bytes of the value)] in file order"""
    fields, pos = [], 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, end = read_varint(data, pos)
            fields.append((number, wire, data[pos:end]))
            pos = end
        elif wire == 2:
            length, start = read_varint(data, pos)
            fields.append((number, wire, data[start:start + length]))
            pos = start + length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            fields.append((number, wire, data[pos:pos + size]))
            pos += size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    return fields


def serialise(fields):
    out = bytearray()
    for number, wire, value in fields:
        out += write_varint(number << 3 | wire)
        if wire == 2:
            out += write_varint(len(value))
        out += value
    return bytes(out)


def replace(fields, number, change):
    return [(n, w, change(v) if n == number else v) for n, w, v in fields]


def with_dims(value_info, names):
    """The tensor's declared dimensions, those whose position is in `names` made symbolic under that name."""
    def change_shape(shape):
        dims = [v for n, _, v in parse(shape) if n == SHAPE_DIM]
        symbolic = [
            serialise([(DIM_PARAM, 2, names[i].encode())]) if i in names else dim for i, dim in enumerate(dims)
        ]
        return serialise([(SHAPE_DIM, 2, dim) for dim in symbolic])

    change_tensor = lambda tensor: serialise(replace(parse(tensor), TENSOR_SHAPE, change_shape))
    change_type = lambda type_proto: serialise(replace(parse(type_proto), TYPE_TENSOR, change_tensor))
    return serialise(replace(parse(value_info), VALUE_INFO_TYPE, change_type))


def relax(model):
    def change_graph(graph):
        fields = [f for f in parse(graph) if f[0] != GRAPH_VALUE_INFO]
        fields = replace(fields, GRAPH_INPUT, lambda v: with_dims(v, {2: "height", 3: "width"}))
        return serialise(replace(fields, GRAPH_OUTPUT, lambda v: with_dims(v, {0: "priors"})))

    return serialise(replace(parse(model), MODEL_GRAPH, change_graph))


def main(source, target):
    original = open(source, "rb").read()
    relaxed = relax(original)
    open(target, "wb").write(relaxed)
    print(f"{source} (sha256 {hashlib.sha256(original).hexdigest()})")
    print(f"-> {target} (sha256 {hashlib.sha256(relaxed).hexdigest()})")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 relax_input_shape.py ORIGINAL.onnx RELAXED.onnx")
    main(sys.argv[1], sys.argv[2])
