"""Float MobileNetV2 backbone initialised from the int8 TorchScript ImageNet model in shared/pretrained.

The TorchScript module is frozen (empty state_dict); its weights live in the packed parameters of the
quantized conv nodes, with batch-norm already folded in. We unpack them in graph order and load them into
plain Conv2d layers with bias, so the float network computes what the int8 one approximated.
"""
from __future__ import annotations

import torch
from torch import nn

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)

# (expansion, out_channels, repeats, first_stride): torchvision's MobileNetV2 width 1.0
INVERTED_RESIDUAL_SETTING = [
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
]


def conv(cin: int, cout: int, k: int, stride: int = 1, groups: int = 1, relu: bool = True) -> nn.Sequential:
    layers: list[nn.Module] = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=True)]
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class InvertedResidual(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int, expansion: int) -> None:
        super().__init__()
        hidden = cin * expansion
        layers: list[nn.Module] = []
        if expansion != 1:
            layers.append(conv(cin, hidden, 1))
        layers.append(conv(hidden, hidden, 3, stride, groups=hidden))
        layers.append(conv(hidden, cout, 1, relu=False))
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.block(x)
        return x + y if self.residual else y


class MobileNetV2Backbone(nn.Module):
    """Returns the stride-8, stride-16 and stride-32 feature maps (32, 96 and 320 channels)."""

    out_channels = (32, 96, 320)

    def __init__(self) -> None:
        super().__init__()
        blocks: list[nn.Module] = [conv(3, 32, 3, 2)]
        cin = 32
        for expansion, cout, repeats, first_stride in INVERTED_RESIDUAL_SETTING:
            for i in range(repeats):
                blocks.append(InvertedResidual(cin, cout, first_stride if i == 0 else 1, expansion))
                cin = cout
        self.features = nn.Sequential(*blocks)
        # indices of the blocks whose outputs are the pyramid levels C3, C4, C5
        self.taps = (6, 13, 17)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        outs = []
        for i, block in enumerate(self.features):
            x = block(x)
            if i in self.taps:
                outs.append(x)
        return outs[0], outs[1], outs[2]

    def convs(self) -> list[nn.Conv2d]:
        return [m for m in self.features.modules() if isinstance(m, nn.Conv2d)]


def quantized_conv_weights(torchscript_path: str) -> list[tuple[torch.Tensor, torch.Tensor, int, int]]:
    """(weight, bias, stride, groups) of every quantized conv in graph order, dequantised to float."""
    torch.backends.quantized.engine = "qnnpack"
    module = torch.jit.load(torchscript_path, map_location="cpu")
    weights = []
    for node in module.graph.nodes():
        if not node.kind().startswith("quantized::conv2d"):
            continue
        attr = list(node.inputs())[1].node()
        packed = module._c.getattr(attr.s("name"))
        w, b = torch.ops.quantized.conv2d_unpack(packed)
        stride = torch.ops.quantized.conv2d_stride(packed)[0]
        groups = torch.ops.quantized.conv2d_groups(packed)
        weights.append((w.dequantize().float(), b.float(), int(stride), int(groups)))
    return weights


def load_pretrained_backbone(torchscript_path: str) -> MobileNetV2Backbone:
    backbone = MobileNetV2Backbone()
    source = quantized_conv_weights(torchscript_path)
    # the last quantized conv is the 1x1 -> 1280 classifier stem, which a detector does not need
    targets = backbone.convs()
    if len(source) != len(targets) + 1:
        raise ValueError(f"{torchscript_path}: expected {len(targets) + 1} convs, found {len(source)}")
    for target, (w, b, stride, groups) in zip(targets, source):
        if target.weight.shape != w.shape or target.stride[0] != stride or target.groups != groups:
            raise ValueError(f"{torchscript_path}: conv mismatch {tuple(target.weight.shape)} vs {tuple(w.shape)}")
        with torch.no_grad():
            target.weight.copy_(w)
            target.bias.copy_(b)
    return backbone
