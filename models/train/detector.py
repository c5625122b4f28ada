"""roadwatch damage detector: MobileNetV2 backbone, a small PAN neck and an FCOS-style anchor-free head.

Training runs on cached backbone features (the backbone is frozen: on two CPU cores a full fine-tune takes
days), so the neck and head are the trainable part. The exported ONNX graph contains the backbone too and
returns the YOLOv8-style tensor [1, 4 + C, N]: centre x, centre y, width, height in input pixels, then one
final score per class for each of the N points of the three pyramid levels.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

STRIDES = (8, 16, 32)
# largest regression distance (pixels at the model input) a level is responsible for
LEVEL_RANGES = ((0, 48), (48, 112), (112, 10_000))
CENTRE_RADIUS = 1.5  # in strides: only points this close to a box centre are positives


def conv_bn_relu(cin: int, cout: int, k: int = 1, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


def separable(channels: int, stride: int = 1) -> nn.Sequential:
    """Depthwise 3x3 then pointwise, without batch-norm: at 56x56 the norm layers cost as much as the convs on CPU."""
    return nn.Sequential(
        nn.Conv2d(channels, channels, 3, stride, 1, groups=channels),
        nn.ReLU(inplace=True),
        nn.Conv2d(channels, channels, 1),
        nn.ReLU(inplace=True),
    )


class Neck(nn.Module):
    """Top-down then bottom-up feature fusion (PAN) over C3, C4, C5."""

    def __init__(self, in_channels: tuple[int, int, int], channels: int) -> None:
        super().__init__()
        self.lateral = nn.ModuleList(conv_bn_relu(c, channels) for c in in_channels)
        self.top_down = nn.ModuleList(separable(channels) for _ in range(2))
        self.downsample = nn.ModuleList(separable(channels, 2) for _ in range(2))

    def forward(self, c3: torch.Tensor, c4: torch.Tensor, c5: torch.Tensor) -> list[torch.Tensor]:
        l3, l4, l5 = (lat(c) for lat, c in zip(self.lateral, (c3, c4, c5)))
        p4 = self.top_down[0](l4 + F.interpolate(l5, size=l4.shape[-2:], mode="nearest"))
        p3 = self.top_down[1](l3 + F.interpolate(p4, size=l3.shape[-2:], mode="nearest"))
        n4 = p4 + self.downsample[0](p3)
        n5 = l5 + self.downsample[1](n4)
        return [p3, n4, n5]


class Head(nn.Module):
    """Shared across levels and between classification and regression; a learnable scale per level for distances."""

    def __init__(self, channels: int, num_classes: int, depth: int = 1) -> None:
        super().__init__()
        self.tower = nn.Sequential(*(separable(channels) for _ in range(depth)))
        self.cls = nn.Conv2d(channels, num_classes, 3, padding=1)
        self.reg = nn.Conv2d(channels, 4, 3, padding=1)
        self.ctr = nn.Conv2d(channels, 1, 3, padding=1)
        self.scales = nn.Parameter(torch.ones(len(STRIDES)))
        prior = 0.01
        nn.init.constant_(self.cls.bias, -math.log((1 - prior) / prior))
        for layer in (self.cls, self.reg, self.ctr):
            nn.init.normal_(layer.weight, std=0.01)

    def forward(self, features: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Flattened over levels: class logits [B,N,C], distances ltrb in pixels [B,N,4], centerness logits [B,N]."""
        logits, distances, centerness = [], [], []
        for level, x in enumerate(features):
            c = r = self.tower(x)
            logits.append(self.cls(c).flatten(2).transpose(1, 2))
            d = F.softplus(self.reg(r) * self.scales[level]) * STRIDES[level]
            distances.append(d.flatten(2).transpose(1, 2))
            centerness.append(self.ctr(r).flatten(2).transpose(1, 2).squeeze(-1))
        return torch.cat(logits, 1), torch.cat(distances, 1), torch.cat(centerness, 1)


class DetectorHead(nn.Module):
    """Neck + head: everything that trains on cached backbone features."""

    def __init__(self, in_channels: tuple[int, int, int], num_classes: int, channels: int = 64) -> None:
        super().__init__()
        self.neck = Neck(in_channels, channels)
        self.head = Head(channels, num_classes)

    def forward(self, c3: torch.Tensor, c4: torch.Tensor, c5: torch.Tensor):
        return self.head(self.neck(c3, c4, c5))


def grid_points(input_size: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Centres (x, y) of every output point, its stride and its level index, in the order the head flattens."""
    points, strides, levels = [], [], []
    for level, stride in enumerate(STRIDES):
        n = math.ceil(input_size / stride)
        ys, xs = torch.meshgrid(torch.arange(n), torch.arange(n), indexing="ij")
        pts = torch.stack([xs.flatten(), ys.flatten()], 1).float() * stride + stride / 2
        points.append(pts)
        strides.append(torch.full((n * n,), float(stride)))
        levels.append(torch.full((n * n,), level))
    return torch.cat(points), torch.cat(strides), torch.cat(levels)


def assign_targets(boxes: torch.Tensor, classes: torch.Tensor, points: torch.Tensor, strides: torch.Tensor,
                   levels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """FCOS assignment with centre sampling. boxes [M,4] x1y1x2y2 in input pixels.

    Returns per point the class index (-1 = background) and the target box [N,4].
    """
    n = points.shape[0]
    labels = torch.full((n,), -1, dtype=torch.long)
    targets = torch.zeros((n, 4))
    if boxes.numel() == 0:
        return labels, targets
    x, y = points[:, 0:1], points[:, 1:2]
    ltrb = torch.stack([x - boxes[:, 0], y - boxes[:, 1], boxes[:, 2] - x, boxes[:, 3] - y], -1)  # [N,M,4]
    inside = ltrb.min(-1).values > 0
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    radius = strides[:, None] * CENTRE_RADIUS
    near_centre = ((x - cx).abs() < radius) & ((y - cy).abs() < radius)
    reach = ltrb.max(-1).values
    lo = torch.tensor([r[0] for r in LEVEL_RANGES], dtype=torch.float)[levels][:, None]
    hi = torch.tensor([r[1] for r in LEVEL_RANGES], dtype=torch.float)[levels][:, None]
    in_range = (reach >= lo) & (reach <= hi)
    candidate = inside & near_centre & in_range
    # boxes too small or thin for any centred point still get the single nearest point on their level
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    for m in torch.nonzero(candidate.sum(0) == 0).flatten().tolist():
        ok = in_range[:, m]
        d = (x[:, 0] - cx[m]) ** 2 + (y[:, 0] - cy[m]) ** 2
        d[~ok] = float("inf")
        candidate[d.argmin(), m] = True
    cost = torch.where(candidate, areas[None, :].expand(n, -1), torch.full_like(candidate, float("inf"), dtype=torch.float))
    best_cost, best = cost.min(1)
    positive = torch.isfinite(best_cost)
    labels[positive] = classes[best[positive]]
    targets[positive] = boxes[best[positive]]
    return labels, targets


def distances_to_boxes(points: torch.Tensor, distances: torch.Tensor) -> torch.Tensor:
    return torch.cat([points - distances[..., :2], points + distances[..., 2:]], -1)


def centerness_target(points: torch.Tensor, boxes: torch.Tensor) -> torch.Tensor:
    l = (points[:, 0] - boxes[:, 0]).clamp(min=1e-3)
    t = (points[:, 1] - boxes[:, 1]).clamp(min=1e-3)
    r = (boxes[:, 2] - points[:, 0]).clamp(min=1e-3)
    b = (boxes[:, 3] - points[:, 1]).clamp(min=1e-3)
    return torch.sqrt((torch.minimum(l, r) / torch.maximum(l, r)) * (torch.minimum(t, b) / torch.maximum(t, b)))


def giou_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    ix1, iy1 = torch.maximum(pred[:, 0], target[:, 0]), torch.maximum(pred[:, 1], target[:, 1])
    ix2, iy2 = torch.minimum(pred[:, 2], target[:, 2]), torch.minimum(pred[:, 3], target[:, 3])
    inter = (ix2 - ix1).clamp(min=0) * (iy2 - iy1).clamp(min=0)
    area_p = (pred[:, 2] - pred[:, 0]) * (pred[:, 3] - pred[:, 1])
    area_t = (target[:, 2] - target[:, 0]) * (target[:, 3] - target[:, 1])
    union = area_p + area_t - inter + 1e-6
    iou = inter / union
    ex1, ey1 = torch.minimum(pred[:, 0], target[:, 0]), torch.minimum(pred[:, 1], target[:, 1])
    ex2, ey2 = torch.maximum(pred[:, 2], target[:, 2]), torch.maximum(pred[:, 3], target[:, 3])
    enclosing = (ex2 - ex1) * (ey2 - ey1) + 1e-6
    return 1 - iou + (enclosing - union) / enclosing


def detection_loss(outputs, labels: torch.Tensor, targets: torch.Tensor, points: torch.Tensor, num_classes: int):
    logits, distances, ctr_logits = outputs
    positive = labels >= 0
    num_pos = max(positive.sum().item(), 1.0)
    onehot = torch.zeros_like(logits)
    onehot[positive] = F.one_hot(labels[positive], num_classes).float()
    from torchvision.ops import sigmoid_focal_loss
    cls_loss = sigmoid_focal_loss(logits, onehot, alpha=0.25, gamma=2.0, reduction="sum") / num_pos
    if positive.any():
        pts = points[None].expand(labels.shape[0], -1, -1)[positive]
        pred_boxes = distances_to_boxes(pts, distances[positive])
        ctr_target = centerness_target(pts, targets[positive])
        box_loss = (giou_loss(pred_boxes, targets[positive]) * ctr_target).sum() / ctr_target.sum().clamp(min=1e-6)
        ctr_loss = F.binary_cross_entropy_with_logits(ctr_logits[positive], ctr_target, reduction="sum") / num_pos
    else:
        box_loss = ctr_loss = logits.sum() * 0
    return cls_loss, box_loss, ctr_loss


def final_scores(logits: torch.Tensor, ctr_logits: torch.Tensor) -> torch.Tensor:
    return torch.sqrt(torch.sigmoid(logits) * torch.sigmoid(ctr_logits)[..., None])
