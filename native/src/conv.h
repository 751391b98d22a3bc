// 2-D convolution in NHWC as im2col + sgemm: the forward pass and the
// gradients with respect to the input and to the filter.
#pragma once

#include <cstdint>

namespace strata {

// Geometry of one convolution, as tfjs's computeConv2DInfo describes it.
// The filter is [filter_h, filter_w, in_channels, out_channels].
struct ConvGeometry {
  int64_t batch, in_h, in_w, in_c;
  int64_t filter_h, filter_w, out_c;
  int64_t out_h, out_w;
  int64_t stride_h, stride_w, dilation_h, dilation_w;
  int64_t pad_top, pad_left;

  // Number of int32 entries in the packed form read from JavaScript.
  static constexpr int kPackedLength = 15;

  // Unpacks the int32 array in the field order above.
  static ConvGeometry unpack(const int32_t* packed);

  int64_t input_size() const { return batch * in_h * in_w * in_c; }
  int64_t filter_size() const { return filter_h * filter_w * in_c * out_c; }
  int64_t output_size() const { return batch * out_h * out_w * out_c; }
};

// y = conv2d(x, w).
void conv2d_forward(const ConvGeometry& g, const float* x, const float* w, float* y);

// dx = the gradient of conv2d with respect to its input, given dy.
void conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* w, float* dx);

// dw = the gradient of conv2d with respect to its filter, given x and dy.
void conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dw);

}  // namespace strata
