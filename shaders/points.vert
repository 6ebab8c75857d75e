// Data points as point sprites over the heatmap: position in data coordinates mapped
// through the plane's bounds; training points are drawn a little larger.
layout(location = 0) in vec2 a_pos;         // the point, in data coordinates
layout(location = 1) in vec2 a_class_train; // class index, 1.0 for a training point

uniform vec4 u_bounds;  // x0, x1, y0, y1 of the plane shown
uniform float u_size;   // diameter of a validation point, in framebuffer pixels

out float v_class;
out float v_train;
out float v_size;

void main() {
  vec2 t = (a_pos - u_bounds.xz) / (u_bounds.yw - u_bounds.xz);
  gl_Position = vec4(t * 2.0 - 1.0, 0.0, 1.0);
  v_size = u_size + (a_class_train.y > 0.5 ? 2.0 : 0.0);
  gl_PointSize = v_size;
  v_class = a_class_train.x;
  v_train = a_class_train.y;
}
