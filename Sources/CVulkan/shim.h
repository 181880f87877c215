// Imports the Vulkan API into Swift, plus the few helpers Swift cannot express:
// function-like macros and extension entry points looked up through the loader.
#pragma once
#include <vulkan/vulkan.h>

static inline uint32_t vlg_make_api_version(uint32_t major, uint32_t minor, uint32_t patch) {
    return VK_MAKE_API_VERSION(0, major, minor, patch);
}
static inline uint32_t vlg_api_version_major(uint32_t v) { return VK_API_VERSION_MAJOR(v); }
static inline uint32_t vlg_api_version_minor(uint32_t v) { return VK_API_VERSION_MINOR(v); }
static inline uint32_t vlg_api_version_patch(uint32_t v) { return VK_API_VERSION_PATCH(v); }

static inline VkResult vlg_create_debug_messenger(VkInstance instance,
                                                  const VkDebugUtilsMessengerCreateInfoEXT *info,
                                                  VkDebugUtilsMessengerEXT *messenger) {
    PFN_vkCreateDebugUtilsMessengerEXT create =
        (PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT");
    if (!create) return VK_ERROR_EXTENSION_NOT_PRESENT;
    return create(instance, info, NULL, messenger);
}

static inline void vlg_destroy_debug_messenger(VkInstance instance, VkDebugUtilsMessengerEXT messenger) {
    PFN_vkDestroyDebugUtilsMessengerEXT destroy =
        (PFN_vkDestroyDebugUtilsMessengerEXT)vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT");
    if (destroy) destroy(instance, messenger, NULL);
}
