// One triangle that covers the viewport; v_uv runs 0..1 across it (0,0 = bottom left).
// No vertex buffer: positions come from gl_VertexID. (The loader prepends #version.)
out vec2 v_uv;

void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));  // (0,0) (2,0) (0,2)
  v_uv = p;
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
