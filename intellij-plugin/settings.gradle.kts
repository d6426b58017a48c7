pluginManagement {
    repositories {
        gradlePluginPortal()
        mavenCentral()
    }
}

// Also the plugin folder's name in the sandbox and the distribution zip (pyassist/server/pyassist.jar).
rootProject.name = "pyassist"
