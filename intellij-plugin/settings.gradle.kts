pluginManagement {
    // The plugins block of build.gradle.kts cannot read properties; the version comes from gradle.properties here.
    val intellijPlatformGradlePluginVersion: String by settings
    repositories {
        gradlePluginPortal()
        mavenCentral()
    }
    plugins {
        id("org.jetbrains.intellij.platform") version intellijPlatformGradlePluginVersion
    }
}

// Also the plugin folder's name in the sandbox and the distribution zip (pyassist/server/pyassist.jar).
rootProject.name = "pyassist"
