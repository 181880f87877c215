"""The speech-to-mouth network: log-mel at 100 Hz in, mouth controls and phoneme classes at 50 Hz out.

Every layer is one the engine has a kernel for, so the Swift side builds the same network from Conv1D, LayerNorm,
GEMM, attention, softmax and GELU (and runs it through the CPU references too):

  (log-mel - mean) / std                      [T, 80]  (the statistics are part of the weights)
  Conv1D 80 -> D, kernel 5, stride 2, GELU    [T/2, D] (50 Hz, the motion's frame rate at --fps 50)
  Conv1D D -> D, kernel 3, GELU
  BLOCKS x (conformer-lite, pre-norm):
      x += attention(LayerNorm(x))            one head of width D (Q, K, V and the output: four GEMMs), over the
                                              whole window (no mask); one head keeps Q, K and V in the layout the
                                              GEMMs write, [frames, D], which is the attention kernel's own
      x += depthwise Conv1D(LayerNorm(x))     kernel 7: local order without positional encodings, so a window
                                              may start anywhere in a long recording
      x += FF(LayerNorm(x))                   D -> 2D, GELU, -> D
  LayerNorm, then two linear heads: 7 mouth controls (sigmoid) and 40 phoneme logits.

Inference runs on windows of a few seconds with overlap (constant memory over any length of audio).
"""

import torch
from torch import nn

CONTROL_COUNT = 7
PHONEME_COUNT = 40


class Block(nn.Module):
    def __init__(self, width: int, heads: int, kernel: int = 7):
        super().__init__()
        self.attention_norm = nn.LayerNorm(width)
        self.attention = nn.MultiheadAttention(width, heads, batch_first=True)
        self.conv_norm = nn.LayerNorm(width)
        self.depthwise = nn.Conv1d(width, width, kernel, padding=kernel // 2, groups=width)
        self.ff_norm = nn.LayerNorm(width)
        self.ff_in = nn.Linear(width, 2 * width)
        self.ff_out = nn.Linear(2 * width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.attention_norm(x)
        x = x + self.attention(h, h, h, need_weights=False)[0]
        h = self.conv_norm(x).transpose(1, 2)
        x = x + nn.functional.gelu(self.depthwise(h)).transpose(1, 2)
        return x + self.ff_out(nn.functional.gelu(self.ff_in(self.ff_norm(x))))


class SpeechToMouth(nn.Module):
    def __init__(self, width: int = 128, heads: int = 1, blocks: int = 4, mels: int = 80):
        super().__init__()
        self.register_buffer("feature_mean", torch.zeros(mels))
        self.register_buffer("feature_std", torch.ones(mels))
        self.subsample = nn.Conv1d(mels, width, 5, stride=2, padding=2)
        self.front = nn.Conv1d(width, width, 3, padding=1)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(blocks)])
        self.norm = nn.LayerNorm(width)
        self.controls = nn.Linear(width, CONTROL_COUNT)
        self.phonemes = nn.Linear(width, PHONEME_COUNT)

    def forward(self, features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """[batch, frames, 80] log-mel -> ([batch, frames/2, 7] controls in 0...1, [batch, frames/2, 40] logits)."""
        x = ((features - self.feature_mean) / self.feature_std).transpose(1, 2)
        x = nn.functional.gelu(self.subsample(x))
        x = nn.functional.gelu(self.front(x)).transpose(1, 2)
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return torch.sigmoid(self.controls(x)), self.phonemes(x)
