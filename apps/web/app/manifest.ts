import type { MetadataRoute } from "next";

/** Installable on a phone: the portal is also the H5 page the League's WeChat menus link to. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "青年之声",
    short_name: "青年之声",
    description: "青年的问题，有人回答：提问、查询办理进度、查看统一答复。",
    lang: "zh-CN",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#b71c1c",
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
}
